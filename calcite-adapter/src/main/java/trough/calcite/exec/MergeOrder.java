package trough.calcite.exec;

import java.util.List;
import java.util.stream.Collectors;
import trough.core.order.SortKey;

/**
 * How the client merges fragments that answer rows in order (an ORDER BY, a LIMIT, or both, with nothing
 * to compute over all rows): a k-way merge of the sorted streams, then OFFSET and FETCH, stopping as soon
 * as FETCH rows are out.
 *
 * @param keys   the ORDER BY over the fragment's columns; empty for a LIMIT alone (rows in any order)
 * @param offset rows to skip
 * @param fetch  rows to return after those, or -1 for all
 */
public record MergeOrder(List<SortKey> keys, long offset, long fetch) {
    public MergeOrder {
        keys = List.copyOf(keys);
    }

    /** Rows the merge needs from the segments, 0 for all. */
    public long rowsNeeded() {
        return fetch < 0 ? 0 : offset + fetch;
    }

    @Override
    public String toString() {
        String order = keys.isEmpty() ? "streams as they come"
                : keys.stream().map(k -> "c" + k.column() + (k.descending() ? " DESC" : "") + (k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))
                        .collect(Collectors.joining(", ", "sorted merge on ", ""));
        return order + (offset > 0 ? ", offset " + offset : "") + (fetch >= 0 ? ", fetch " + fetch : "");
    }
}
