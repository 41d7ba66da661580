package trough.jdbc.oracle;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Compares two answers as SQLite would see them: values by storage class (integer, real, text, blob, null),
 * reals within a relative 1e-9 (summing partial sums rounds differently from one pass), rows in order when
 * the query fixes the order, as multisets otherwise.
 */
public final class ResultComparison {
    private ResultComparison() {}

    public static List<List<Object>> read(ResultSet rows) throws SQLException {
        int width = rows.getMetaData().getColumnCount();
        List<List<Object>> result = new ArrayList<>();
        while (rows.next()) {
            List<Object> row = new ArrayList<>(width);
            for (int i = 1; i <= width; i++) row.add(normalize(rows.getObject(i)));
            result.add(row);
        }
        return result;
    }

    /** null when the answers agree, else what differs. */
    public static String difference(List<List<Object>> expected, List<List<Object>> actual, boolean ordered, boolean mixedKeys) {
        if (expected.size() != actual.size()) {
            return "expected " + expected.size() + " rows, got " + actual.size() + sample(expected, actual);
        }
        List<List<Object>> e = expected;
        List<List<Object>> a = actual;
        if (mixedKeys) {
            e = integralRealsAsIntegers(e);
            a = integralRealsAsIntegers(a);
        }
        if (!ordered) {
            e = sorted(e);
            a = sorted(a);
        }
        for (int r = 0; r < e.size(); r++) {
            List<Object> er = e.get(r);
            List<Object> ar = a.get(r);
            if (er.size() != ar.size()) return "row " + r + ": expected " + er.size() + " columns, got " + ar.size();
            for (int c = 0; c < er.size(); c++) {
                if (!same(er.get(c), ar.get(c))) {
                    return "row " + r + " column " + (c + 1) + ": expected " + show(er.get(c)) + ", got " + show(ar.get(c))
                            + "\n  expected row " + showRow(er) + "\n  actual row   " + showRow(ar);
                }
            }
        }
        return null;
    }

    /** 4.0 becomes 4: for answers where SQLite's choice between equal values of two storage classes is arbitrary. */
    private static List<List<Object>> integralRealsAsIntegers(List<List<Object>> rows) {
        List<List<Object>> result = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            List<Object> copy = new ArrayList<>(row.size());
            for (Object value : row) {
                copy.add(value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) d.longValue() : value);
            }
            result.add(copy);
        }
        return result;
    }

    private static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) return ((Number) value).longValue();
        if (value instanceof Float f) return f.doubleValue();
        if (value instanceof BigDecimal d) return d.scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
        if (value instanceof Boolean b) return b ? 1L : 0L;
        return value;
    }

    private static boolean same(Object expected, Object actual) {
        if (expected == null || actual == null) return expected == actual;
        if (expected instanceof Double e && actual instanceof Double a) {
            if (e.equals(a)) return true;
            return Math.abs(e - a) <= 1e-9 * Math.max(Math.abs(e), Math.abs(a));
        }
        if (expected instanceof byte[] e && actual instanceof byte[] a) return Arrays.equals(e, a);
        return expected.getClass() == actual.getClass() && expected.equals(actual);
    }

    private static List<List<Object>> sorted(List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(ResultComparison::showRow));
        return copy;
    }

    private static String sample(List<List<Object>> expected, List<List<Object>> actual) {
        return "\n  expected (first 3): " + expected.stream().limit(3).map(ResultComparison::showRow).toList()
                + "\n  actual (first 3):   " + actual.stream().limit(3).map(ResultComparison::showRow).toList();
    }

    static String showRow(List<Object> row) {
        StringBuilder text = new StringBuilder("(");
        for (Object value : row) text.append(show(value)).append(", ");
        return text.append(')').toString();
    }

    private static String show(Object value) {
        if (value == null) return "NULL";
        if (value instanceof byte[] bytes) return "x'" + HexFormat.of().formatHex(bytes) + "'";
        if (value instanceof Double d) return "real " + d;
        if (value instanceof Long l) return "int " + l;
        if (value instanceof String s) return "'" + s + "'";
        return value.getClass().getSimpleName() + " " + value;
    }
}
