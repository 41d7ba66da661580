package trough.calcite.exec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * SQLite SQL rendered from a plan, and which statement parameter each of its {@code ?} stands for, in the
 * order they appear (the same parameter may appear twice, or out of order).
 *
 * @param dateTimeParameters the parameters typed DATE, TIME or TIMESTAMP, whose values (numbers in Calcite)
 *                           are bound as the text SQLite keeps dates in
 */
public record RenderedSql(String sql, List<Integer> parameters, Map<Integer, SqlTypeName> dateTimeParameters) {
    public RenderedSql {
        parameters = List.copyOf(parameters);
        dateTimeParameters = Map.copyOf(dateTimeParameters);
    }

    public RenderedSql(String sql, List<Integer> parameters) {
        this(sql, parameters, Map.of());
    }

    /** The values of the parameters, in placeholder order, as SQLite values. */
    public List<Object> values(DataContext context) {
        List<Object> values = new ArrayList<>(parameters.size());
        for (int index : parameters) values.add(sqliteValue(context.get("?" + index), dateTimeParameters.get(index)));
        return values;
    }

    private static Object sqliteValue(Object value, SqlTypeName dateTime) {
        if (dateTime == SqlTypeName.TIMESTAMP && value instanceof Long millis) return SqliteDateTime.timestampText(millis);
        if (dateTime == SqlTypeName.DATE && value instanceof Integer day) return SqliteDateTime.dateText(day);
        if (dateTime == SqlTypeName.TIME && value instanceof Integer millis) return SqliteDateTime.timeText(millis);
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
