package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.calcite.DataContext;
import org.apache.calcite.sql.type.SqlTypeName;
import trough.calcite.exec.Fragment;
import trough.calcite.exec.RenderedSql;
import trough.calcite.exec.ScratchDatabase;
import trough.calcite.exec.ScratchTable;
import trough.calcite.exec.TableShape;
import trough.calcite.schema.SegmentTable;
import trough.calcite.schema.TroughTable;
import trough.core.client.RowSource;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;

/**
 * How one Trough table's rows reach the client's scratch database: the columns the statement may use, and
 * the rows any of its references to the table may need (the OR of each reference's own conditions; all
 * rows when one reference has none). The segments run the conditions as the user wrote them, over the
 * table as Trough shows it, so they keep exactly the rows SQLite would keep on one database.
 *
 * @param columns           what the scratch table holds, in order; {@code _segment} among them when named
 * @param nullsOnly         true when the statement uses no column of the table, only its rows: the first
 *                          column is sent as NULL to count them
 * @param condition         rows to send, or null for all
 * @param segmentCondition  the segments that may hold such rows, as a condition on {@code _segment}, or null for all
 * @param segmentNames      the segments the references name outright, or null when one names none
 */
record TableFetch(TableReference.QualifiedTable table, ScratchTable scratch, List<String> columns, boolean nullsOnly,
                  RenderedSql condition, RenderedSql segmentCondition, SegmentNames segmentNames) {

    static TableFetch of(TableReference.QualifiedTable table, List<TableReference> references, QueryTables query, SourceText text,
                         Map<Integer, SqlTypeName> dateTimeParameters) {
        List<String> joinKeys = new ArrayList<>();
        references.forEach(reference -> reference.joinKeys.forEach(key -> {
            if (joinKeys.stream().noneMatch(key::equalsIgnoreCase)) joinKeys.add(key);
        }));
        return build(table, query::mentions, query.mentionsSegmentColumn(), joinKeys, anyOf(references, text, dateTimeParameters, false),
                anyOf(references, text, dateTimeParameters, true), SegmentNames.of(references));
    }

    /** Every row and column of the table, with {@code _segment} when asked for. */
    static TableFetch whole(TableReference.QualifiedTable table, boolean segmentColumn) {
        return build(table, column -> true, segmentColumn, List.of(), null, null, null);
    }

    private static TableFetch build(TableReference.QualifiedTable table, Predicate<String> used, boolean segmentColumn, List<String> joinKeys,
                                    RenderedSql condition, RenderedSql segmentCondition, SegmentNames segmentNames) {
        TableShape shape = table.shape();
        List<String> columns = new ArrayList<>();
        List<TableShape.ColumnShape> scratchColumns = new ArrayList<>();
        for (TableShape.ColumnShape column : shape.columns()) {
            if (used.test(column.name())) {
                columns.add(column.name());
                scratchColumns.add(column);
            }
        }
        boolean nullsOnly = columns.isEmpty() && !segmentColumn;
        if (nullsOnly) {
            columns.add(shape.columns().get(0).name());
            scratchColumns.add(shape.columns().get(0));
        }
        if (segmentColumn) {
            columns.add(TroughTable.SEGMENT_COLUMN);
            scratchColumns.add(new TableShape.ColumnShape(TroughTable.SEGMENT_COLUMN, "TEXT"));
        }
        List<List<String>> indexes = new ArrayList<>();
        List<List<String>> candidates = new ArrayList<>();
        candidates.add(shape.primaryKey());
        shape.indexes().forEach(index -> candidates.add(index.columns()));
        for (String key : joinKeys) {
            // A join key that already leads an index needs no other.
            if (candidates.stream().noneMatch(index -> !index.isEmpty() && index.get(0).equalsIgnoreCase(key))) candidates.add(List.of(key));
        }
        for (List<String> index : candidates) {
            boolean fetched = !index.isEmpty() && !nullsOnly
                    && index.stream().allMatch(column -> columns.stream().anyMatch(c -> c.equalsIgnoreCase(column)));
            if (fetched && !indexes.contains(index)) indexes.add(index);
        }
        return new TableFetch(table, new ScratchTable(table.schema(), shape.name(), scratchColumns, indexes), List.copyOf(columns), nullsOnly,
                condition, segmentCondition, segmentNames);
    }

    /**
     * The segments of {@code table} that may hold rows the statement uses in this execution: those its
     * references name, when they all name some, and of those the ones its conditions on {@code _segment} allow,
     * judged by SQLite on a database of their ids.
     */
    List<SegmentTable> segments(TroughTable table, DataContext context) {
        Set<String> named = segmentNames == null ? null : segmentNames.ids(context);
        List<SegmentTable> segments = named == null ? table.segments()
                : table.segmentsNamed(named);
        if (named != null && segmentNames.complete()) return segments;
        if (segmentCondition == null || segments.isEmpty()) return segments;
        ScratchTable ids = new ScratchTable("main", "trough_segments", List.of(new TableShape.ColumnShape(TroughTable.SEGMENT_COLUMN, "TEXT")));
        Set<String> chosen = new HashSet<>();
        try (ScratchDatabase database = ScratchDatabase.create(List.of(ids), null)) {
            database.load(ids, new ListRows(segments.stream().map(s -> new Object[] {s.segment().value()}).toList()));
            try (RowSource rows = database.query("SELECT \"_segment\" FROM \"trough_segments\" WHERE " + segmentCondition.sql(),
                    segmentCondition.values(context))) {
                for (Object[] row = rows.next(); row != null; row = rows.next()) chosen.add((String) row[0]);
            }
        }
        return segments.stream().filter(s -> chosen.contains(s.segment().value())).toList();
    }

    /**
     * The OR of every reference's conditions (only those on {@code _segment} when {@code segmentOnly}); null
     * when a reference has none, as it needs every row.
     */
    private static RenderedSql anyOf(List<TableReference> references, SourceText text, Map<Integer, SqlTypeName> dateTimeParameters,
                                     boolean segmentOnly) {
        StringJoiner any = new StringJoiner(" OR ");
        List<Integer> parameters = new ArrayList<>();
        for (TableReference reference : references) {
            StringJoiner all = new StringJoiner(" AND ", "(", ")");
            int count = 0;
            for (var condition : reference.conditions) {
                if (segmentOnly && !QueryTables.readsOnlySegmentColumn(condition)) continue;
                SourceText.Piece piece = text.condition(condition);
                if (piece == null) continue;
                all.add(piece.sql());
                parameters.addAll(piece.parameters());
                count++;
            }
            if (count == 0) return null;
            any.add(all.toString());
        }
        Map<Integer, SqlTypeName> dates = new LinkedHashMap<>();
        for (int parameter : parameters) {
            if (dateTimeParameters.containsKey(parameter)) dates.put(parameter, dateTimeParameters.get(parameter));
        }
        return new RenderedSql(any.toString(), parameters, dates);
    }

    /** The SQL each segment runs, for segments that lack the columns in {@code missing} (lower case). */
    String fragmentSql(Set<String> missing) {
        StringJoiner inner = new StringJoiner(", ", "SELECT ", " FROM " + SqlScript.quoteIdentifier(table.name()));
        StringJoiner outer = new StringJoiner(", ", "SELECT ", " FROM (");
        for (String column : columns) {
            String quoted = SqlScript.quoteIdentifier(column);
            String value;
            if (column.equals(TroughTable.SEGMENT_COLUMN)) {
                // CAST gives the column TEXT affinity, as the scratch table's column has: '7' = 7 holds in both.
                value = "CAST(" + SqliteConnections.SEGMENT_FUNCTION + "() AS TEXT)";
            } else {
                value = nullsOnly || missing.contains(column.toLowerCase(Locale.ROOT)) ? "NULL" : quoted;
            }
            inner.add(value + " AS " + quoted);
            outer.add(quoted);
        }
        String sql = outer + inner.toString() + ") AS " + SqlScript.quoteIdentifier(table.name());
        return condition == null ? sql : sql + " WHERE " + condition.sql();
    }

    /** The fragments to send: one per group of segments that lack the same columns (schemas evolve). */
    List<Fragment> fragments(List<SegmentTable> segments) {
        Map<Set<String>, List<SegmentId>> groups = new LinkedHashMap<>();
        for (SegmentTable segment : segments) {
            Set<String> missing = new TreeSet<>();
            for (String column : columns) {
                String name = column.toLowerCase(Locale.ROOT);
                if (!column.equals(TroughTable.SEGMENT_COLUMN) && !segment.columns().contains(name)) missing.add(name);
            }
            groups.computeIfAbsent(missing, m -> new ArrayList<>()).add(segment.segment());
        }
        List<Fragment> fragments = new ArrayList<>();
        List<Integer> parameters = condition == null ? List.of() : condition.parameters();
        var dates = condition == null ? Map.<Integer, SqlTypeName>of() : condition.dateTimeParameters();
        groups.forEach((missing, ids) -> fragments.add(new Fragment(new RenderedSql(fragmentSql(missing), parameters, dates), null, ids)));
        return fragments;
    }

    /** The fragment as it runs on segments that have every column, for EXPLAIN. */
    String fragmentSql() {
        return fragmentSql(Set.of());
    }

    /** Rows already in memory. */
    private static final class ListRows implements RowSource {
        private final List<Object[]> rows;
        private int next;

        ListRows(List<Object[]> rows) {
            this.rows = rows;
        }

        @Override
        public Object[] next() {
            return next < rows.size() ? rows.get(next++) : null;
        }

        @Override
        public void cancel(String reason) {}

        @Override
        public void close() {}
    }
}
