package trough.calcite.write;

import java.math.BigDecimal;
import java.util.HexFormat;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.sql.type.SqlTypeName;
import trough.calcite.exec.SqliteDateTime;
import trough.core.sqlite.SqlScript;

/** Values written as SQLite SQL literals, for INSERT statements sent as text. */
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

    public static String of(Object value) {
        if (value == null) return "NULL";
        if (value instanceof Boolean b) return b ? "1" : "0";
        if (value instanceof Double d) {
            if (d.isNaN()) return "NULL"; // SQLite stores NaN as NULL
            if (d.isInfinite()) return d > 0 ? "9e999" : "-9e999";
            return Double.toString(d);
        }
        if (value instanceof Float f) return of(f.doubleValue());
        if (value instanceof BigDecimal d) return d.toPlainString();
        if (value instanceof Number n) return Long.toString(n.longValue());
        if (value instanceof byte[] bytes) return "X'" + HexFormat.of().formatHex(bytes) + "'";
        if (value instanceof ByteString bytes) return "X'" + bytes.toString() + "'";
        return SqlScript.quoteLiteral(value.toString());
    }
}
