package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import trough.core.sqlite.SqlScript;

/**
 * {@code *} written out as the columns it stands for, without {@code _segment}: a query on the client's
 * SQLite that names {@code _segment} has that column in its scratch tables, and {@code *} must not show it.
 */
final class StarExpansion {
    private StarExpansion() {}

    /**
     * The statement with each {@code *} over a Trough table written out without {@code _segment}: the scratch
     * table has that column when the statement names it, and {@code *} must not show it.
     */
    static String withoutHiddenColumn(String sql, QueryTables tables, SourceText text) {
        return TextEdit.apply(sql, edits(sql, tables, text));
    }

    /** The edits {@link #withoutHiddenColumn} makes, for a caller that edits the text further. */
    static List<TextEdit> edits(String sql, QueryTables tables, SourceText text) {
        List<TextEdit> edits = new ArrayList<>();
        for (QueryTables.SelectStar star : tables.stars()) {
            String columns = starColumns(star);
            int[] span = text.span(star.star().getParserPosition());
            if (columns != null && span != null && sql.substring(span[0], span[1]).endsWith("*")) edits.add(new TextEdit(span[0], span[1], columns));
        }
        return edits;
    }

    /** What {@code *} or {@code x.*} stands for, without {@code _segment}; null when that cannot be told. */
    private static String starColumns(QueryTables.SelectStar star) {
        SqlIdentifier id = star.star();
        String qualifier = id.names.size() > 1 ? id.names.get(id.names.size() - 2) : null;
        List<String> columns = new ArrayList<>();
        for (QueryTables.FromItem item : star.items()) {
            if (qualifier != null && (item.alias() == null || !item.alias().equalsIgnoreCase(qualifier))) continue;
            if (item.alias() == null) return null;
            String alias = SqlScript.quoteIdentifier(item.alias());
            if (item.reference() == null) {
                columns.add(alias + ".*");
            } else {
                item.reference().table.shape().columns().forEach(c -> columns.add(alias + "." + SqlScript.quoteIdentifier(c.name())));
            }
        }
        return columns.isEmpty() ? null : String.join(", ", columns);
    }
}
