package trough.calcite.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import trough.core.segment.SegmentId;

/**
 * SQLite SQL to run on each of a group of segments, with the values of its {@code ?} placeholders (empty
 * until bound for one execution).
 */
public record Fragment(RenderedSql sql, List<SegmentId> segments, List<Object> values) {
    public Fragment {
        segments = List.copyOf(segments);
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public Fragment(RenderedSql sql, List<SegmentId> segments) {
        this(sql, segments, List.of());
    }

    /** This fragment as several, each on at most {@code maxSegments} of its segments. */
    public List<Fragment> split(int maxSegments) {
        List<Fragment> parts = new ArrayList<>();
        for (int from = 0; from < segments.size(); from += maxSegments) {
            parts.add(new Fragment(sql, segments.subList(from, Math.min(segments.size(), from + maxSegments)), values));
        }
        return parts;
    }

    /** The same SQL on other segments. */
    public Fragment on(List<SegmentId> otherSegments) {
        return new Fragment(sql, otherSegments, values);
    }

    /** This fragment with its placeholders' values for one execution. */
    public Fragment bind(List<Object> parameterValues) {
        return new Fragment(sql, segments, parameterValues);
    }
}
