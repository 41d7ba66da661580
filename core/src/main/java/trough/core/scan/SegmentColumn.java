package trough.core.scan;

import java.util.ArrayList;
import java.util.List;
import trough.core.segment.SegmentId;
import trough.core.wire.Column;

/** The {@code _segment} column a scan puts first in each row when asked to: which segment the row is from. */
final class SegmentColumn {
    private static final Column COLUMN = new Column("_segment", "TEXT");

    private SegmentColumn() {}

    static List<Column> prepend(List<Column> columns) {
        List<Column> all = new ArrayList<>(columns.size() + 1);
        all.add(COLUMN);
        all.addAll(columns);
        return all;
    }

    static Object[] prepend(SegmentId segment, Object[] row) {
        Object[] all = new Object[row.length + 1];
        all[0] = segment.value();
        System.arraycopy(row, 0, all, 1, row.length);
        return all;
    }
}
