package trough.jdbc.meta;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;
import trough.core.sqlite.SqlScript;

/**
 * A metadata answer built from rows Trough knows (its schemas and their DDL): a VALUES query run on the
 * connection itself, so that the answer is an ordinary result set with the columns and types JDBC prescribes.
 */
final class MetadataRows {
    static final String NO_TEXT = "CAST(NULL AS VARCHAR)";

    private MetadataRows() {}

    static ResultSet query(Connection connection, List<String> rows, String emptyRow, String columns, String orderBy) throws SQLException {
        String values = rows.isEmpty() ? "VALUES " + emptyRow : "VALUES " + String.join(", ", rows);
        String sql = "SELECT * FROM (" + values + ") AS k(" + columns + ")" + (rows.isEmpty() ? " WHERE FALSE" : "") + " ORDER BY " + orderBy;
        Statement statement = connection.createStatement();
        statement.closeOnCompletion();
        return statement.executeQuery(sql);
    }

    static String row(String... values) {
        return "(" + String.join(", ", values) + ")";
    }

    static String text(String value) {
        return value == null ? NO_TEXT : "CAST(" + SqlScript.quoteLiteral(value) + " AS VARCHAR)";
    }

    static String integer(Integer value) {
        return "CAST(" + (value == null ? "NULL" : value.toString()) + " AS INTEGER)";
    }

    static String smallint(Integer value) {
        return "CAST(" + (value == null ? "NULL" : value.toString()) + " AS SMALLINT)";
    }

    /**
     * Whether {@code name} matches a JDBC search pattern: {@code %} any characters, {@code _} one, a backslash
     * (the search string escape) makes the next one plain; null matches everything. Names match in any case,
     * as Trough's SQL does.
     */
    static boolean matches(String pattern, String name) {
        if (pattern == null) return true;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            else if (c == '%') regex.append(".*");
            else if (c == '_') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL).matcher(name).matches();
    }
}
