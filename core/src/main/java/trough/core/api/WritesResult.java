package trough.core.api;

import java.util.List;
import trough.core.segment.SegmentId;

/**
 * The answer to a {@link WritesRequest}: the acknowledgements of the transactions committed and made durable,
 * in order, and, when one failed, why (nothing of it and nothing after it was written).
 *
 * @param written the first {@code written.size()} transactions, each acknowledged as a write alone would be
 * @param failed  the transaction that failed next, or null when every one was written
 */
public record WritesResult(SegmentId segment, List<WriteResult> written, FailedWrite failed) {
    /** A transaction that was not written: the status and error body a write of it alone would have answered. */
    public record FailedWrite(int status, String error, String detail) {}
}
