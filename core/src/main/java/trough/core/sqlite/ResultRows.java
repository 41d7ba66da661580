package trough.core.sqlite;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import trough.core.wire.Column;

/** Reads sqlite-jdbc result sets as SQLite's own values: null, Long, Double, String or byte[]. */
public final class ResultRows {
    private ResultRows() {}

    public static List<Column> columns(ResultSetMetaData metadata) throws SQLException {
        int count = metadata.getColumnCount();
        List<Column> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            columns.add(new Column(metadata.getColumnLabel(i), declaredType(metadata, i)));
        }
        return columns;
    }

    /** The current row; sqlite-jdbc answers Integer for small integers, which is widened to Long here. */
    public static Object[] current(ResultSet rows, int columnCount) throws SQLException {
        Object[] values = new Object[columnCount];
        for (int i = 0; i < columnCount; i++) {
            Object value = rows.getObject(i + 1);
            if (value instanceof Integer v) value = v.longValue();
            values[i] = value;
        }
        return values;
    }

    private static String declaredType(ResultSetMetaData metadata, int column) throws SQLException {
        // sqlite-jdbc reports the declared type when the column is a table column, and guesses from the first
        // row's value otherwise; only the declared one is a stable fact worth sending.
        String name = metadata.getColumnTypeName(column);
        int type = metadata.getColumnType(column);
        if (name == null || type == Types.NULL) return "";
        return name;
    }
}
