package trough.core.client.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a fan-out sends each worker besides the segments: SQLite SQL to run on each, the values of its
 * {@code ?} placeholders, and the query that combines the rows of all of them on the worker, or null
 * ({@link trough.core.api.QueryRequest#combine}).
 */
public record ReadFragment(String sql, List<Object> values, String combine) {
    public ReadFragment {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }
}
