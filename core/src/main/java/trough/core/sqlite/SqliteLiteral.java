package trough.core.sqlite;

import java.math.BigDecimal;
import java.util.HexFormat;

/** A Java value written as the SQLite SQL literal that stores it, for INSERT statements sent as text. */
public final class SqliteLiteral {
    private SqliteLiteral() {}

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
        return SqlScript.quoteLiteral(value.toString());
    }
}
