package trough.core.order;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Orders rows of SQLite values (null, Long, Double, String, byte[]) as SQLite's ORDER BY does with the
 * BINARY collation: NULL, then numbers compared by value whatever their storage class, then text by its
 * UTF-8 bytes, then blobs by their bytes. Merging sorted streams with it gives the order one SQLite
 * database would have given.
 */
public final class SqliteOrder implements Comparator<Object[]> {
    private final List<SortKey> keys;

    public SqliteOrder(List<SortKey> keys) {
        this.keys = List.copyOf(keys);
    }

    @Override
    public int compare(Object[] left, Object[] right) {
        for (SortKey key : keys) {
            Object a = left[key.column()];
            Object b = right[key.column()];
            if (a == null || b == null) {
                if (a == b) continue;
                return (a == null) == key.nullsFirst() ? -1 : 1;
            }
            int order = compareValues(a, b);
            if (order != 0) return key.descending() ? -order : order;
        }
        return 0;
    }

    /** SQLite's comparison of two non-NULL values under the BINARY collation. */
    public static int compareValues(Object a, Object b) {
        int classes = Integer.compare(storageClass(a), storageClass(b));
        if (classes != 0) return classes;
        if (a instanceof Long x) {
            return b instanceof Long y ? Long.compare(x, y) : compareExactly(x, (Double) b);
        }
        if (a instanceof Double x) {
            return b instanceof Double y ? compareReals(x, y) : -compareExactly((Long) b, x);
        }
        if (a instanceof String x) return compareCodePoints(x, (String) b);
        return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
    }

    /** Unlike {@link Double#compare}, -0.0 equals 0.0, as in SQLite (which stores no NaN). */
    private static int compareReals(double x, double y) {
        return x < y ? -1 : x > y ? 1 : 0;
    }

    private static int storageClass(Object value) {
        if (value instanceof Long || value instanceof Double) return 0;
        if (value instanceof String) return 1;
        if (value instanceof byte[]) return 2;
        throw new IllegalArgumentException("not a SQLite value: " + value.getClass().getName());
    }

    /** An integer against a real, without the rounding a cast of either would bring. */
    private static int compareExactly(long integer, double real) {
        if (real >= 0x1p63) return -1;
        if (real < -0x1p63) return 1;
        long whole = (long) real; // truncates toward zero, exact in this range
        if (integer != whole) return Long.compare(integer, whole);
        double fraction = real - whole;
        return fraction > 0 ? -1 : fraction < 0 ? 1 : 0;
    }

    /**
     * Java strings compare by UTF-16 units, which disagrees with UTF-8 byte order (SQLite's memcmp) once
     * characters above U+FFFF meet characters from U+E000 on; code point order agrees with UTF-8 bytes.
     */
    private static int compareCodePoints(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x == y) continue;
            if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
                return Integer.compare(surrogatesLast(x), surrogatesLast(y));
            }
            return Integer.compare(x, y);
        }
        return Integer.compare(a.length(), b.length());
    }

    private static int surrogatesLast(char c) {
        return c <= Character.MAX_SURROGATE ? c + 0x2000 : c - 0x800;
    }
}
