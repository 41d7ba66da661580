package trough.calcite.exec;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * SQLite answers with five storage classes; Calcite's runtime expects the Java class of each column's
 * declared type (Integer for INTEGER, Boolean for BOOLEAN, ByteString for VARBINARY, epoch milliseconds for
 * TIMESTAMP, ...). This converts where the value fits and leaves anything else as SQLite answered it. Dates
 * and times are read as sqlite-jdbc reads them: ISO-8601 text, an integer of milliseconds since 1970 (UTC),
 * or a real Julian day number.
 */
public final class ValueCoercion {
    private final List<UnaryOperator<Object>> columns;

    private ValueCoercion(List<UnaryOperator<Object>> columns) {
        this.columns = columns;
    }

    public static ValueCoercion of(RelDataType rowType) {
        return new ValueCoercion(rowType.getFieldList().stream().map(RelDataTypeField::getType).map(ValueCoercion::coercion).toList());
    }

    public Object[] apply(Object[] row) {
        for (int i = 0; i < row.length && i < columns.size(); i++) {
            if (row[i] != null) row[i] = columns.get(i).apply(row[i]);
        }
        return row;
    }

    private static Object decimal(Object value) {
        if (value instanceof Long l) return BigDecimal.valueOf(l);
        if (value instanceof Double d) return BigDecimal.valueOf(d);
        if (value instanceof String text) {
            try {
                return new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                return value;
            }
        }
        return value;
    }

    private static Object bytes(Object value) {
        if (value instanceof byte[] bytes) return new ByteString(bytes);
        if (value instanceof String || value instanceof Number) return new ByteString(value.toString().getBytes(StandardCharsets.UTF_8));
        return value;
    }

    private static UnaryOperator<Object> coercion(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> v -> v instanceof Number n ? (Object) (n.doubleValue() != 0) : v;
            case INTEGER -> v -> v instanceof Long l && l == l.intValue() ? (Object) l.intValue() : v;
            case SMALLINT -> v -> v instanceof Long l && l == l.shortValue() ? (Object) l.shortValue() : v;
            case TINYINT -> v -> v instanceof Long l && l == l.byteValue() ? (Object) l.byteValue() : v;
            case DOUBLE, FLOAT -> v -> v instanceof Long l ? (Object) l.doubleValue() : v;
            case REAL -> v -> v instanceof Number n ? (Object) n.floatValue() : v;
            case DECIMAL -> ValueCoercion::decimal;
            case CHAR, VARCHAR -> v -> v instanceof Number n ? n.toString() : v;
            case BINARY, VARBINARY -> ValueCoercion::bytes;
            case TIMESTAMP -> v -> SqliteDateTime.timestampMillis(v);
            case DATE -> v -> SqliteDateTime.epochDay(v);
            case TIME -> v -> SqliteDateTime.millisOfDay(v);
            default -> v -> v;
        };
    }
}
