package trough.calcite.write;

import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.sql.type.SqlTypeName;
import trough.calcite.exec.SqliteDateTime;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteLiteral;

/** Values as Calcite holds them written as SQLite SQL literals, for INSERT statements sent as text. */
public final class SqliteLiterals {
    private SqliteLiterals() {}

    /**
     * {@code value} as Calcite holds it for a column of {@code type}: dates and times (numbers in Calcite) are
     * written as the text SQLite's date functions write and read.
     */
    public static String of(Object value, SqlTypeName type) {
        if (type == SqlTypeName.TIMESTAMP && value instanceof Long millis) return SqlScript.quoteLiteral(SqliteDateTime.timestampText(millis));
        if (type == SqlTypeName.DATE && value instanceof Integer day) return SqlScript.quoteLiteral(SqliteDateTime.dateText(day));
        if (type == SqlTypeName.TIME && value instanceof Integer millis) return SqlScript.quoteLiteral(SqliteDateTime.timeText(millis));
        return of(value);
    }

    /** As {@link SqliteLiteral#of}, with Calcite's binary values. */
    public static String of(Object value) {
        if (value instanceof ByteString bytes) return "X'" + bytes.toString() + "'";
        return SqliteLiteral.of(value);
    }
}
