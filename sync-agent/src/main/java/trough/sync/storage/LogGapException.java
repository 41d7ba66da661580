package trough.sync.storage;

import java.io.IOException;
import trough.core.segment.SegmentId;

/**
 * The log lacks records between a copy and the rest: a promotion deleted them after the copy's base was read.
 * Start again from the segment's current record.
 */
public final class LogGapException extends IOException {
    public LogGapException(SegmentId segment, long missing, long found) {
        super("segment " + segment + ": the change log has no record " + missing + " (the next is " + found
                + "); a promotion replaced them, read the segment's record again");
    }
}
