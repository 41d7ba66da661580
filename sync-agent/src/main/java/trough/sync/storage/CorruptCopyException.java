package trough.sync.storage;

import java.io.IOException;
import trough.core.segment.SegmentId;

/** A downloaded copy did not match the checksum the registry recorded: it was discarded, never served. */
public final class CorruptCopyException extends IOException {
    private final SegmentId segment;

    CorruptCopyException(SegmentId segment, String remotePath, String expected, String actual, long bytes) {
        super("segment " + segment + ": the copy at " + remotePath + " (" + bytes + " bytes) has checksum " + actual
                + " but the registry recorded " + expected + "; it was discarded. If it stays so, promote the segment "
                + "again from its writer, or restore the file in durable storage");
        this.segment = segment;
    }

    public SegmentId segment() {
        return segment;
    }
}
