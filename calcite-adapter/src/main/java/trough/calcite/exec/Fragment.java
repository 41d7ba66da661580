package trough.calcite.exec;

import java.util.List;
import trough.core.segment.SegmentId;

/** SQLite SQL to run on each of a group of segments. */
public record Fragment(String sql, List<SegmentId> segments) {
    public Fragment {
        segments = List.copyOf(segments);
    }
}
