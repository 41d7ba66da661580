package trough.core.order;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trough.core.sqlite.ResultRows;

/**
 * SQLite is the oracle: values of every storage class, sorted by SQLite's ORDER BY, must come out of
 * {@link SqliteOrder} and {@link SortedMerge} in the same order.
 */
class SqliteOrderTest {
    private static final int ROWS = 3000;
    private Connection sqlite;

    @BeforeEach
    void fill() throws SQLException {
        sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement create = sqlite.createStatement()) {
            create.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, part INTEGER, v, w)");
        }
        Random random = new Random(42);
        try (PreparedStatement insert = sqlite.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
            for (int id = 0; id < ROWS; id++) {
                insert.setInt(1, id);
                insert.setInt(2, random.nextInt(7));
                insert.setObject(3, value(random));
                insert.setObject(4, value(random));
                insert.executeUpdate();
            }
        }
    }

    @AfterEach
    void close() throws SQLException {
        sqlite.close();
    }

    @Test
    void ordersEveryStorageClassAsSqliteDoes() throws SQLException {
        for (String order : List.of("v", "v DESC", "v DESC NULLS FIRST", "v NULLS LAST", "w, v DESC", "v DESC, w NULLS LAST")) {
            List<Object[]> expected = query("SELECT id, part, v, w FROM t ORDER BY " + order + ", id");
            List<Object[]> sorted = new ArrayList<>(query("SELECT id, part, v, w FROM t ORDER BY random()"));
            SqliteOrder byOrder = new SqliteOrder(keys(order));
            sorted.sort(byOrder.thenComparing(row -> (Long) row[0]));
            assertSameRows(expected, sorted, order);
        }
    }

    @Test
    void mergesSortedStreamsIntoTheOrderOfOneDatabase() throws SQLException {
        for (String order : List.of("v", "w DESC, v", "v DESC NULLS FIRST")) {
            List<Object[]> expected = query("SELECT id, part, v, w FROM t ORDER BY " + order + ", id");
            List<SortedMerge.Stream<RuntimeException>> parts = new ArrayList<>();
            for (int part = 0; part < 7; part++) {
                var rows = query("SELECT id, part, v, w FROM t WHERE part = " + part + " ORDER BY " + order + ", id").iterator();
                parts.add(() -> rows.hasNext() ? rows.next() : null);
            }
            List<SortKey> keys = new ArrayList<>(keys(order));
            keys.add(SortKey.of(0, false));
            SortedMerge<RuntimeException> merge = new SortedMerge<>(parts, new SqliteOrder(keys));
            List<Object[]> merged = new ArrayList<>();
            for (Object[] row = merge.next(); row != null; row = merge.next()) merged.add(row);
            assertSameRows(expected, merged, order);
        }
    }

    /** Sort keys of an ORDER BY over columns v (2) and w (3). */
    private static List<SortKey> keys(String order) {
        List<SortKey> keys = new ArrayList<>();
        for (String term : order.split(",")) {
            String[] words = term.trim().split(" ", 2);
            int column = words[0].equals("v") ? 2 : 3;
            boolean descending = words.length > 1 && words[1].startsWith("DESC");
            boolean nullsFirst = words.length > 1 && words[1].contains("NULLS") ? words[1].endsWith("FIRST") : !descending;
            keys.add(new SortKey(column, descending, nullsFirst));
        }
        return keys;
    }

    private List<Object[]> query(String sql) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Statement statement = sqlite.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) rows.add(ResultRows.current(result, 4));
        }
        return rows;
    }

    private static void assertSameRows(List<Object[]> expected, List<Object[]> actual, String order) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            int at = i;
            assertEquals(expected.get(i)[0], actual.get(i)[0], () -> "ORDER BY " + order + ": rows differ at position " + at + ", expected " + Arrays.deepToString(expected.get(at)));
        }
    }

    /** A value of any storage class, with the cases that trip comparisons: mixed numbers, -0.0, huge reals, surrogates. */
    private static Object value(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> (long) random.nextInt(20) - 10;
            case 2 -> random.nextInt(20) - 10 + (random.nextBoolean() ? 0.0 : 0.5);
            case 3 -> random.nextBoolean() ? -0.0 : 0.0;
            case 4 -> random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(3) : Long.MIN_VALUE + random.nextInt(3);
            case 5 -> random.nextBoolean() ? 0x1p63 : -0x1p63 * (random.nextBoolean() ? 1 : 2);
            case 6 -> (double) ((1L << 53) + random.nextInt(4));
            case 7 -> (1L << 53) + random.nextInt(4);
            case 8 -> List.of("", "a", "A", "b", "ab", "é", "z").get(random.nextInt(7));
            case 9 -> List.of("\uE000", "\uFFFD", "😀", "\uD800\uDC00x", "ｚ", "a\u0000b").get(random.nextInt(6));
            case 10 -> new byte[] {(byte) random.nextInt(256), (byte) random.nextInt(256)};
            default -> random.nextBoolean() ? new byte[0] : new byte[] {(byte) 0xff};
        };
    }
}
