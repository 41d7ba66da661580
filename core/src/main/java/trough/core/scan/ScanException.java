package trough.core.scan;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import trough.core.segment.SegmentId;

/** A segment scan that failed: why, on which segment, and SQLite's error when SQLite raised it. */
public final class ScanException extends Exception {
    /** What kind of failure it was, so that callers can answer with the right status. */
    public enum Kind { SQL, NOT_A_QUERY, TIMEOUT, CANCELLED, COLUMN_MISMATCH, INTERNAL }

    private final Kind kind;
    private final String segment;

    public ScanException(Kind kind, String segment, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.segment = segment;
    }

    /** The reading thread was interrupted: the scan stopped, whatever the segments were doing. */
    static ScanException interrupted(InterruptedException cause) {
        return new ScanException(Kind.CANCELLED, null, "the scan was interrupted", cause);
    }

    /** A segment's task threw what the scan does not handle: a bug, told with the segments it may concern. */
    static ScanException unexpected(Collection<SegmentId> segments, Throwable cause) {
        List<String> named = segments.stream().map(SegmentId::value).sorted().toList();
        String which = named.isEmpty() ? "a segment scan" : "the scan of segment(s) " + String.join(", ", named);
        return new ScanException(Kind.INTERNAL, named.size() == 1 ? named.get(0) : null, which + " failed: " + cause, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The segment concerned, or null when the failure is not tied to one. */
    public String segment() {
        return segment;
    }

    /** SQLite's own error when kind is SQL, else null. */
    public SQLException sqlCause() {
        return getCause() instanceof SQLException e ? e : null;
    }
}
