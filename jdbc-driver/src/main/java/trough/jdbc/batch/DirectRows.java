package trough.jdbc.batch;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import trough.calcite.schema.SegmentSource;
import trough.calcite.schema.TableShape;
import trough.calcite.write.SqliteLiterals;
import trough.core.segment.InvalidSegmentIdException;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;

/**
 * The fast way for a batch of a one-row INSERT whose columns name {@code _segment}: its rows go straight to
 * the segments' writers as multi-row INSERTs in SQLite's SQL, without Calcite planning each statement
 * (which costs more than SQLite's writing). It applies only where the result cannot differ from Calcite's
 * path: a table of one source with every named column, plain values (numbers, text, booleans, bytes,
 * NULL), and a valid segment id on every row; SQLite's own column affinity converts the values as
 * Calcite's casts would, and a column left out takes its DEFAULT. Anything else goes through Calcite.
 */
final class DirectRows {
    private final SegmentSource source;
    private final String table;
    private final List<String> columns;
    private final int segmentColumn;

    private DirectRows(SegmentSource source, String table, List<String> columns, int segmentColumn) {
        this.source = source;
        this.table = table;
        this.columns = columns;
        this.segmentColumn = segmentColumn;
    }

    /** The direct path for {@code INSERT INTO table (columns)}, or null when it does not apply. */
    static DirectRows of(Map<String, SegmentSource> sources, String table, List<String> columns) {
        String[] parts = table.split("\\.");
        if (parts.length > 2) return null;
        String name = unquote(parts[parts.length - 1]);
        List<SegmentSource> candidates = new ArrayList<>();
        if (parts.length == 2) {
            SegmentSource source = sources.get(unquote(parts[0]));
            if (source != null) candidates.add(source);
        } else {
            candidates.addAll(sources.values());
        }
        DirectRows found = null;
        for (SegmentSource source : candidates) {
            TableShape shape = shape(source, name);
            if (shape == null) continue;
            if (found != null) return null; // the same name in two schemas: Calcite says which it takes
            List<String> declared = new ArrayList<>();
            int segment = -1;
            for (String column : columns) {
                String plain = unquote(column.strip());
                if (plain.equalsIgnoreCase("_segment")) {
                    segment = declared.size();
                    declared.add(plain);
                    continue;
                }
                TableShape.ColumnShape match = shape.columns().stream().filter(c -> c.name().equalsIgnoreCase(plain)).findFirst().orElse(null);
                if (match == null) return null;
                declared.add(match.name());
            }
            if (segment < 0) return null;
            found = new DirectRows(source, shape.name(), declared, segment);
        }
        return found;
    }

    /** Whether every value of these rows can go as a SQLite literal and every row names a valid segment. */
    boolean accepts(List<Object[]> rows) {
        for (Object[] row : rows) {
            if (!(row[segmentColumn] instanceof String id) || !validId(id)) return false;
            for (Object value : row) {
                if (value != null && !(value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Short
                        || value instanceof Byte || value instanceof Double || value instanceof Float || value instanceof BigDecimal
                        || value instanceof Boolean || value instanceof byte[])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Writes the rows, one transaction per segment; answers the rows written. */
    long write(List<Object[]> rows) {
        Map<String, List<Object[]>> bySegment = new LinkedHashMap<>();
        for (Object[] row : rows) bySegment.computeIfAbsent((String) row[segmentColumn], s -> new ArrayList<>()).add(row);
        long written = 0;
        for (Map.Entry<String, List<Object[]>> segment : bySegment.entrySet()) {
            written += source.writer().write(SegmentId.of(segment.getKey()), sql(segment.getValue()));
        }
        return written;
    }

    private String sql(List<Object[]> rows) {
        StringJoiner names = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < columns.size(); i++) if (i != segmentColumn) names.add(SqlScript.quoteIdentifier(columns.get(i)));
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(SqlScript.quoteIdentifier(table)).append(' ').append(names).append(" VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            StringJoiner values = new StringJoiner(", ", r == 0 ? "(" : ", (", ")");
            Object[] row = rows.get(r);
            for (int i = 0; i < row.length; i++) if (i != segmentColumn) values.add(SqliteLiterals.of(row[i]));
            sql.append(values);
        }
        return sql.toString();
    }

    private static TableShape shape(SegmentSource source, String name) {
        for (Map.Entry<String, TableShape> table : source.tables().entrySet()) {
            if (table.getKey().equalsIgnoreCase(name)) return table.getValue();
        }
        return null;
    }

    private static boolean validId(String id) {
        try {
            SegmentId.of(id);
            return true;
        } catch (InvalidSegmentIdException e) {
            return false;
        }
    }

    private static String unquote(String name) {
        String plain = name.strip();
        return plain.length() >= 2 && plain.startsWith("\"") && plain.endsWith("\"") ? plain.substring(1, plain.length() - 1) : plain;
    }
}
