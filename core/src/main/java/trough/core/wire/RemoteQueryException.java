package trough.core.wire;

import java.io.IOException;

/** A query that failed on the sending side after its rows had started to stream. */
public final class RemoteQueryException extends IOException {
    private final String segment;

    public RemoteQueryException(String segment, String message) {
        super(segment == null ? message : "segment " + segment + ": " + message);
        this.segment = segment;
    }

    /** The segment whose query failed, or null when the failure was not tied to one. */
    public String segment() {
        return segment;
    }
}
