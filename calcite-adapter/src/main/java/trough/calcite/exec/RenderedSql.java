package trough.calcite.exec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;

/**
 * SQLite SQL rendered from a plan, and which statement parameter each of its {@code ?} stands for, in the
 * order they appear (the same parameter may appear twice, or out of order).
 */
public record RenderedSql(String sql, List<Integer> parameters) {
    public RenderedSql {
        parameters = List.copyOf(parameters);
    }

    /** The values of the parameters, in placeholder order, as SQLite values. */
    public List<Object> values(DataContext context) {
        List<Object> values = new ArrayList<>(parameters.size());
        for (int index : parameters) values.add(sqliteValue(context.get("?" + index)));
        return values;
    }

    private static Object sqliteValue(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().scale() <= 0 ? (Object) decimal.longValueExact() : (Object) decimal.doubleValue();
        }
        if (value instanceof ByteString bytes) return bytes.getBytes();
        if (value instanceof Character c) return c.toString();
        if (value instanceof Float f) return f.doubleValue();
        if (value instanceof Number || value instanceof String || value instanceof byte[] || value instanceof Boolean || value == null) {
            return value;
        }
        return value.toString();
    }
}
