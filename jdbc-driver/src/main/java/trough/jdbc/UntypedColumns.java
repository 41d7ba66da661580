package trough.jdbc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The columns of an answer that have no type (expressions SQLite computed on the client: their values are
 * SQLite's own, row by row), read by every getter the way sqlite-jdbc reads a value: a number as a string
 * or a string as a number, NULL as 0 for primitives. Calcite's accessor for such a column only answers
 * {@code getObject}.
 */
final class UntypedColumns {
    private static final Set<String> GETTERS = Set.of("getString", "getLong", "getInt", "getShort", "getByte", "getDouble", "getFloat",
            "getBigDecimal", "getBoolean", "getBytes");

    private static final Pattern NUMERIC_PREFIX = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final ResultSet results;
    private Set<Integer> untyped;

    UntypedColumns(ResultSet results) {
        this.results = results;
    }

    /** Whether this reads the call: a getter of a value on an untyped column. */
    boolean reads(String getter, Object[] args) throws SQLException {
        if (!GETTERS.contains(getter) || args == null || args.length != 1) return false;
        return untyped().contains(column(args[0]));
    }

    Object read(String getter, Object[] args) throws SQLException {
        Object value = results.getObject(column(args[0]));
        return switch (getter) {
            case "getString" -> value == null ? null : value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
            case "getBytes" -> value == null ? null : value instanceof byte[] bytes ? bytes : value.toString().getBytes(StandardCharsets.UTF_8);
            case "getBigDecimal" -> value == null ? null : new BigDecimal(number(value).toString());
            case "getBoolean" -> value != null && number(value).doubleValue() != 0;
            case "getDouble" -> value == null ? 0.0 : number(value).doubleValue();
            case "getFloat" -> value == null ? 0.0f : number(value).floatValue();
            case "getLong" -> value == null ? 0L : number(value).longValue();
            case "getInt" -> value == null ? 0 : number(value).intValue();
            case "getShort" -> value == null ? (short) 0 : number(value).shortValue();
            default -> value == null ? (byte) 0 : number(value).byteValue();
        };
    }

    /** A value as SQLite reads it as a number: text by its numeric prefix, else 0. */
    private static Number number(Object value) {
        if (value instanceof Number number) return number;
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value.toString();
        Matcher prefix = NUMERIC_PREFIX.matcher(text.strip());
        if (!prefix.lookingAt()) return 0L;
        String number = prefix.group();
        try {
            return number.contains(".") || number.contains("e") || number.contains("E") ? (Number) Double.parseDouble(number) : (Number) Long.parseLong(number);
        } catch (NumberFormatException tooLarge) {
            return Double.parseDouble(number);
        }
    }

    private int column(Object indexOrLabel) throws SQLException {
        return indexOrLabel instanceof Integer index ? index : results.findColumn((String) indexOrLabel);
    }

    private Set<Integer> untyped() throws SQLException {
        if (untyped == null) {
            untyped = new HashSet<>();
            ResultSetMetaData metadata = results.getMetaData();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                if (metadata.getColumnType(i) == Types.JAVA_OBJECT || metadata.getColumnType(i) == Types.OTHER) untyped.add(i);
            }
        }
        return untyped;
    }
}
