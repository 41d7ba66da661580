package trough.sync.storage;

import java.io.IOException;
import trough.core.segment.SegmentId;

/** Another writer already appended a record with this number: this writer's copy is no longer the segment's history. */
public final class LogConflictException extends IOException {
    private final SegmentId segment;

    public LogConflictException(SegmentId segment, long seq, Throwable cause) {
        super("segment " + segment + ": log record " + seq + " was already written by another writer; this worker no longer "
                + "writes the segment", cause);
        this.segment = segment;
    }

    public SegmentId segment() {
        return segment;
    }
}
