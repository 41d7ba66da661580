package trough.calcite.exec;

import java.util.List;
import trough.core.segment.SegmentId;

/**
 * SQLite SQL to run on each of a group of segments, with the values of its {@code ?} placeholders (empty
 * until bound for one execution).
 */
public record Fragment(RenderedSql sql, List<SegmentId> segments, List<Object> values) {
    public Fragment {
        segments = List.copyOf(segments);
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    public Fragment(RenderedSql sql, List<SegmentId> segments) {
        this(sql, segments, List.of());
    }

    /** This fragment with its placeholders' values for one execution. */
    public Fragment bind(List<Object> parameterValues) {
        return new Fragment(sql, segments, parameterValues);
    }
}
