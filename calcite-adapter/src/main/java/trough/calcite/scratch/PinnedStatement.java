package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import trough.calcite.schema.TroughTable;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;

/**
 * A statement of the client's SQLite written to run whole on one segment instead, for an execution where
 * every table it reads is pinned to that segment: all the rows it can use are there, so the segment answers
 * what the client would answer over the rows fetched from it, without a row leaving the worker but the answer.
 *
 * <p>Each place the statement names a table becomes a derived table over the segment's own table, named as
 * the statement names it: the table's columns in the table's order (NULL for one the segment lacks, as a
 * fetch sends it) and, when the statement names {@code _segment}, the segment's id as that column, with the
 * TEXT affinity the scratch table's column has ({@code '7' = 7} holds in both). Being a column of the
 * derived table, {@code _segment} is NULL on the null-supplying side of an outer join, as on one database;
 * SQLite flattens such derived tables into the query where it can, so the table's indexes serve as on the table itself.
 * The source table is read as {@code main}'s, which no CTE name can hide.
 *
 * @param pieces the statement's text around the table references, one more than {@code tables}; a {@code *}
 *               already written out without {@code _segment} as on the client ({@link StarExpansion})
 * @param tables the table references, in text order
 */
record PinnedStatement(List<String> pieces, List<Slot> tables, boolean segmentColumn) {
    PinnedStatement {
        pieces = List.copyOf(pieces);
        tables = List.copyOf(tables);
    }

    /**
     * One table reference: the table, and the alias to give its derived table when the text gives none (then
     * the table's own name, by which the statement qualifies its columns); null when the text's alias follows.
     */
    record Slot(TableReference.QualifiedTable table, String alias) {}

    /**
     * The statement of {@code text} (whose parse gave {@code tables}) written so, or null when its text cannot be
     * trusted to name its tables where the parser says (or it renames a table's columns, which SQLite cannot).
     */
    static PinnedStatement of(SourceText text, QueryTables tables) {
        String sql = text.sql();
        // A segment holds the tables of one schema.
        if (tables.references().stream().map(reference -> reference.table.schema().toLowerCase(Locale.ROOT)).distinct().count() != 1) return null;
        record Edit(TextEdit edit, Slot slot) {}
        List<Edit> edits = new ArrayList<>();
        if (tables.mentionsSegmentColumn()) StarExpansion.edits(sql, tables, text).forEach(edit -> edits.add(new Edit(edit, null)));
        for (TableReference reference : tables.references()) {
            if (reference.naming == TableReference.Naming.RENAMED) return null;
            int[] span = text.nameSpan(reference.name);
            if (span == null) return null;
            String alias = reference.naming == TableReference.Naming.BARE ? reference.alias : null;
            edits.add(new Edit(new TextEdit(span[0], span[1], null), new Slot(reference.table, alias)));
        }
        edits.sort(Comparator.comparingInt((Edit edit) -> edit.edit().from()));
        List<String> pieces = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        int at = 0;
        for (Edit edit : edits) {
            if (edit.edit().from() < at) return null;
            piece.append(sql, at, edit.edit().from());
            at = edit.edit().to();
            if (edit.slot() == null) {
                piece.append(edit.edit().text());
            } else {
                pieces.add(piece.toString());
                piece.setLength(0);
                slots.add(edit.slot());
            }
        }
        piece.append(sql, at, sql.length());
        pieces.add(piece.toString());
        return new PinnedStatement(pieces, slots, tables.mentionsSegmentColumn());
    }

    /**
     * The statement as it runs on segment {@code segment}, where each table has the columns (lower case)
     * {@code columnsThere} says and is stored under the name {@code storedName} says.
     */
    String sql(SegmentId segment, Function<TableReference.QualifiedTable, Set<String>> columnsThere,
               Function<TableReference.QualifiedTable, String> storedName) {
        StringBuilder sql = new StringBuilder(pieces.get(0));
        for (int i = 0; i < tables.size(); i++) {
            Slot slot = tables.get(i);
            Set<String> there = columnsThere.apply(slot.table());
            StringJoiner columns = new StringJoiner(", ", "(SELECT ", " FROM main." + SqlScript.quoteIdentifier(storedName.apply(slot.table())) + ")");
            slot.table().shape().columns().forEach(column -> {
                String quoted = SqlScript.quoteIdentifier(column.name());
                columns.add(there.contains(column.name().toLowerCase(Locale.ROOT)) ? quoted : "NULL AS " + quoted);
            });
            if (segmentColumn) {
                columns.add("CAST(" + SqlScript.quoteLiteral(segment.value()) + " AS TEXT) AS " + SqlScript.quoteIdentifier(TroughTable.SEGMENT_COLUMN));
            }
            sql.append(columns);
            if (slot.alias() != null) sql.append(" AS ").append(SqlScript.quoteIdentifier(slot.alias()));
            sql.append(pieces.get(i + 1));
        }
        return sql.toString();
    }
}
