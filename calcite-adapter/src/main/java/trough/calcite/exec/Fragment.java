package trough.calcite.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import trough.core.segment.SegmentId;

/**
 * SQLite SQL to run on each of a group of segments, with the values of its {@code ?} placeholders (empty
 * until bound for one execution).
 *
 * @param combine a query over the rows of several segments ({@link trough.core.scan.PartialRows}) answering rows
 *                like theirs, that a worker runs over those of all the segments it reads, or null: a split
 *                aggregate's merge of partial rows, so that a worker sends one result, not one per segment
 */
public record Fragment(RenderedSql sql, String combine, List<SegmentId> segments, List<Object> values) {
    public Fragment {
        segments = List.copyOf(segments);
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    public Fragment(RenderedSql sql, String combine, List<SegmentId> segments) {
        this(sql, combine, segments, List.of());
    }

    /** This fragment as several, each on at most {@code maxSegments} of its segments. */
    public List<Fragment> split(int maxSegments) {
        List<Fragment> parts = new ArrayList<>();
        for (int from = 0; from < segments.size(); from += maxSegments) {
            parts.add(new Fragment(sql, combine, segments.subList(from, Math.min(segments.size(), from + maxSegments)), values));
        }
        return parts;
    }

    /** The same SQL on other segments. */
    public Fragment on(List<SegmentId> otherSegments) {
        return new Fragment(sql, combine, otherSegments, values);
    }

    /** This fragment with its placeholders' values for one execution. */
    public Fragment bind(List<Object> parameterValues) {
        return new Fragment(sql, combine, segments, parameterValues);
    }
}
