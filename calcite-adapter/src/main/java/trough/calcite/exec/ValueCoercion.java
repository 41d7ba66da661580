package trough.calcite.exec;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * SQLite answers with five storage classes; Calcite's runtime expects the Java class of each column's
 * declared type (Integer for INTEGER, Boolean for BOOLEAN, ...). This converts where the value fits and
 * leaves anything else as SQLite answered it.
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

    private static UnaryOperator<Object> coercion(RelDataType type) {
        return switch (type.getSqlTypeName()) {
            case BOOLEAN -> v -> v instanceof Number n ? (Object) (n.doubleValue() != 0) : v;
            case INTEGER -> v -> v instanceof Long l && l == l.intValue() ? (Object) l.intValue() : v;
            case SMALLINT -> v -> v instanceof Long l && l == l.shortValue() ? (Object) l.shortValue() : v;
            case TINYINT -> v -> v instanceof Long l && l == l.byteValue() ? (Object) l.byteValue() : v;
            case DOUBLE, FLOAT -> v -> v instanceof Long l ? (Object) l.doubleValue() : v;
            case REAL -> v -> v instanceof Number n ? (Object) n.floatValue() : v;
            case DECIMAL -> v -> v instanceof Long l ? (Object) BigDecimal.valueOf(l) : v instanceof Double d ? (Object) BigDecimal.valueOf(d) : v;
            default -> v -> v;
        };
    }
}
