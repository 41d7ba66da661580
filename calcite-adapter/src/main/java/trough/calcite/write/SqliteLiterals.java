package trough.calcite.write;

import java.math.BigDecimal;
import java.util.HexFormat;
import org.apache.calcite.avatica.util.ByteString;
import trough.core.sqlite.SqlScript;

/** Values written as SQLite SQL literals, for INSERT statements sent as text. */
public final class SqliteLiterals {
    private SqliteLiterals() {}

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
