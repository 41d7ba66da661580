package trough.calcite.modify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.sql.type.SqlTypeName;
import trough.calcite.exec.TableShape;
import trough.calcite.schema.DeclaredType;
import trough.calcite.write.SqliteLiterals;
import trough.core.client.TroughQueryException;
import trough.core.client.write.RowSegments;
import trough.core.client.write.SegmentWriter;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;
import trough.core.sqlite.SqlScript;

/**
 * An INSERT through JDBC, as it runs: the rows are grouped by segment (their {@code _segment} value, or the
 * table's segment key: {@link RowSegments}) and each segment's rows go to its writer as one statement text,
 * so they commit together or not at all.
 *
 * @param key the table's segment key, or null
 */
public record TroughInsert(TableShape table, SegmentKey key, SegmentWriter writer) {
    private static final int ROWS_PER_STATEMENT = 500;

    /** Writes the rows (each the table's columns, then {@code _segment}); answers the rows inserted. */
    public long run(Enumerable<Object[]> rows) {
        int segmentColumn = table.columns().size();
        int keyColumn = keyColumn();
        RowSegments segments = new RowSegments(table.name(), key);
        Map<SegmentId, List<Object[]>> bySegment = new LinkedHashMap<>();
        long count = 0;
        try (Enumerator<Object[]> enumerator = rows.enumerator()) {
            while (enumerator.moveNext()) {
                Object[] row = enumerator.current();
                SegmentId segment = segments.segmentOf(++count, row[segmentColumn], keyColumn < 0 ? null : row[keyColumn]);
                bySegment.computeIfAbsent(segment, s -> new ArrayList<>()).add(row);
            }
        }
        long inserted = 0;
        for (Map.Entry<SegmentId, List<Object[]>> entry : bySegment.entrySet()) {
            inserted += writer.write(entry.getKey(), sql(entry.getValue()));
        }
        return inserted;
    }

    private int keyColumn() {
        for (int i = 0; key != null && i < table.columns().size(); i++) {
            if (key.isKey(table.columns().get(i).name())) return i;
        }
        return -1;
    }

    private String sql(List<Object[]> rows) {
        StringJoiner columns = new StringJoiner(", ", "INSERT INTO " + SqlScript.quoteIdentifier(table.name()) + " (", ") VALUES ");
        for (TableShape.ColumnShape column : table.columns()) columns.add(SqlScript.quoteIdentifier(column.name()));
        List<SqlTypeName> types = table.columns().stream().map(c -> DeclaredType.name(c.declaredType())).toList();
        StringBuilder sql = new StringBuilder();
        for (int start = 0; start < rows.size(); start += ROWS_PER_STATEMENT) {
            sql.append(columns);
            StringJoiner values = new StringJoiner(", ");
            for (Object[] row : rows.subList(start, Math.min(rows.size(), start + ROWS_PER_STATEMENT))) {
                StringJoiner tuple = new StringJoiner(", ", "(", ")");
                for (int i = 0; i < table.columns().size(); i++) tuple.add(SqliteLiterals.of(row[i], types.get(i)));
                values.add(tuple.toString());
            }
            sql.append(values).append(";\n");
        }
        return sql.toString();
    }
}
