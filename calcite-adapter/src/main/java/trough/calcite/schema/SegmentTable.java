package trough.calcite.schema;

import java.util.Set;
import trough.core.segment.SegmentId;

/** One segment's copy of a table, with the columns it has there (a subset of the table's columns). */
public record SegmentTable(SegmentId segment, Set<String> columns) {
    public SegmentTable {
        columns = Set.copyOf(columns);
    }
}
