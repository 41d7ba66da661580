package trough.core.sqlite;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Values bound to a SQLite statement's parameters, reduced to what SQLite stores: a whole number (Long), a real
 * (Double), text (String), bytes (byte[]) or NULL. A value is reduced the way SQLite would read it written as
 * a literal, so a row bound on a worker stores what the same row sent as SQL text would: a boolean is 1 or 0,
 * a decimal with a fractional part (or too large for a Long) is a real, NaN is NULL.
 */
public final class BoundValues {
    private BoundValues() {}

    /** {@code value} as one of SQLite's storage classes; {@link IllegalArgumentException} for a type SQLite cannot hold. */
    public static Object reduce(Object value) {
        if (value == null || value instanceof Long || value instanceof String || value instanceof byte[]) return value;
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) return ((Number) value).longValue();
        if (value instanceof Boolean b) return b ? 1L : 0L;
        if (value instanceof Double d) return d.isNaN() ? null : d;
        if (value instanceof Float f) return f.isNaN() ? null : f.doubleValue();
        if (value instanceof BigDecimal d) {
            if (d.scale() <= 0) {
                try {
                    return d.longValueExact();
                } catch (ArithmeticException tooLarge) {
                    return d.doubleValue(); // SQLite reads an integer literal beyond 64 bits as a real
                }
            }
            return d.doubleValue();
        }
        throw new IllegalArgumentException("a " + value.getClass().getSimpleName() + " cannot be stored in SQLite: use a number, text, "
                + "bytes, a boolean or NULL");
    }

    /** Binds a reduced value to parameter {@code index} (from 1). */
    public static void bind(PreparedStatement statement, int index, Object reduced) throws SQLException {
        if (reduced == null) {
            statement.setNull(index, Types.NULL);
        } else if (reduced instanceof Long whole) {
            statement.setLong(index, whole);
        } else if (reduced instanceof Double real) {
            statement.setDouble(index, real);
        } else if (reduced instanceof String text) {
            statement.setString(index, text);
        } else if (reduced instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else {
            throw new IllegalArgumentException("not a reduced SQLite value: " + reduced.getClass().getSimpleName());
        }
    }
}
