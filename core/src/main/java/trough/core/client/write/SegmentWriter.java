package trough.core.client.write;

import java.util.List;
import trough.core.segment.SegmentId;

/** Where rows written through JDBC go: a segment file in process, or the worker holding a segment's writes. */
public interface SegmentWriter {
    /**
     * Runs {@code sql} on the segment as one transaction, creating the segment (from its schema) when it does
     * not exist yet; answers the rows changed.
     */
    long write(SegmentId segment, String sql);

    /**
     * Runs each of {@code transactions} on the segment as its own transaction, in order, as {@link #write} would
     * one after the other; answers the rows changed in all. A writer may send them at once, so that their
     * acknowledgements wait together. When one fails, those before it are written and nothing after it is:
     * {@link PartialWriteException} says how many.
     */
    default long writeEach(SegmentId segment, List<String> transactions) {
        long changed = 0;
        for (int i = 0; i < transactions.size(); i++) {
            try {
                changed += write(segment, transactions.get(i));
            } catch (RuntimeException e) {
                throw new PartialWriteException(i, changed, e);
            }
        }
        return changed;
    }

    /**
     * Writes {@code rows} bound to {@code statement} (one statement with {@code ?} parameters, run once per row),
     * each {@code rowsPerTransaction} rows, in order, a transaction of its own, creating the segment as
     * {@link #write} does; answers the rows changed. Values are those {@link trough.core.sqlite.BoundValues#reduce}
     * takes. As with {@link #writeEach}, a failed transaction stops the rest and {@link PartialWriteException}
     * says how many transactions were written.
     */
    long writeRows(SegmentId segment, String statement, List<Object[]> rows, int rowsPerTransaction);
}
