package trough.core.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import trough.core.order.SortKey;
import trough.core.segment.SegmentId;

/**
 * A read sent to a worker: one SELECT, run on each named segment.
 *
 * @param sql            one SELECT (or WITH ... SELECT, or VALUES) statement
 * @param segments       the segments to run it on; the answer is the concatenation of their rows
 * @param params         values for the statement's {@code ?} placeholders, in order (may be empty)
 * @param segmentColumn  when true, each row starts with a {@code _segment} column naming its segment
 * @param timeoutMillis  how long the worker may spend, 0 for the worker's default
 * @param order          when not empty, the statement's ORDER BY (it sorts each segment's rows so): the
 *                       answer is then the segments' rows merged in that order instead of concatenated
 * @param limit          rows to answer at most, 0 for all
 * @param combine        when not null, a query over the table {@code p} that holds the rows of all the segments
 *                       ({@link trough.core.scan.PartialRows}): the answer is its rows instead, so that a
 *                       worker sends one combined result for all its segments (a split aggregate's partial
 *                       rows, aggregated again); it answers rows of the same columns as the segments'
 */
public record QueryRequest(String sql, List<SegmentId> segments, List<Object> params, boolean segmentColumn, long timeoutMillis,
                           List<SortKey> order, long limit, String combine) {
    public QueryRequest {
        Objects.requireNonNull(sql, "sql");
        segments = segments == null ? List.of() : List.copyOf(segments);
        params = params == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(params));
        order = order == null ? List.of() : List.copyOf(order);
        if (limit < 0) throw new IllegalArgumentException("limit must be 0 (none) or positive, not " + limit);
    }

    public QueryRequest(String sql, List<SegmentId> segments, List<Object> params, boolean segmentColumn, long timeoutMillis) {
        this(sql, segments, params, segmentColumn, timeoutMillis, List.of(), 0, null);
    }

    public static QueryRequest of(String sql, List<SegmentId> segments) {
        return new QueryRequest(sql, segments, List.of(), false, 0);
    }
}
