package trough.calcite.exec;

import java.util.List;
import trough.core.client.RowSource;
import trough.core.order.SortKey;

/** Runs fragments on segments: in this process over segment files, or on workers over HTTP. */
public interface SegmentExecutor {
    /**
     * The rows of every fragment, in no particular order; {@code limit} rows at most (0: all) are needed.
     * {@code fetchSize}: the rows the statement asked to receive at a time ({@link FetchSizes}), 0 for the
     * executor's own.
     */
    RowSource execute(List<Fragment> fragments, long limit, long timeoutMillis, int fetchSize);

    /**
     * The rows of fragments that each sort their segment's rows by {@code order}, merged into that order;
     * {@code limit} rows at most (0: all) are needed.
     */
    RowSource executeSorted(List<Fragment> fragments, List<SortKey> order, long limit, long timeoutMillis, int fetchSize);
}
