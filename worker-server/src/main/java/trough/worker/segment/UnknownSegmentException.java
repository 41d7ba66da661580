package trough.worker.segment;

import java.sql.SQLException;
import trough.core.segment.SegmentId;

/** The worker has no file for this segment. */
public final class UnknownSegmentException extends SQLException {
    private final SegmentId segment;

    public UnknownSegmentException(SegmentId segment) {
        super("segment " + segment + " is not served by this worker");
        this.segment = segment;
    }

    public SegmentId segment() {
        return segment;
    }
}
