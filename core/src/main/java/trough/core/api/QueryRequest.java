package trough.core.api;

import java.util.List;
import java.util.Objects;

/**
 * A read sent to a worker: one SELECT, run on each named segment.
 *
 * @param sql            one SELECT (or WITH ... SELECT, or VALUES) statement
 * @param segments       the segments to run it on; the answer is the concatenation of their rows
 * @param params         values for the statement's {@code ?} placeholders, in order (may be empty)
 * @param segmentColumn  when true, each row starts with a {@code _segment} column naming its segment
 * @param timeoutMillis  how long the worker may spend, 0 for the worker's default
 */
public record QueryRequest(String sql, List<String> segments, List<Object> params, boolean segmentColumn, long timeoutMillis) {
    public QueryRequest {
        Objects.requireNonNull(sql, "sql");
        segments = segments == null ? List.of() : List.copyOf(segments);
        params = params == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }

    public static QueryRequest of(String sql, List<String> segments) {
        return new QueryRequest(sql, segments, List.of(), false, 0);
    }
}
