package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/** INSERT through JDBC: each row goes to the segment its {@code _segment} names, one transaction per segment. */
class InsertTest {
    @TempDir
    Path dir;
    String url;

    @BeforeEach
    void segments() throws SQLException {
        for (String id : new String[] {"a", "b"}) {
            try (Connection c = SqliteConnections.openReadWrite(dir.resolve(id + ".sqlite")); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER, payload BLOB)");
                st.executeUpdate("CREATE INDEX kv_v ON kv (v)");
                st.executeUpdate("INSERT INTO kv VALUES ('existing', 0, NULL)");
            }
        }
        url = "jdbc:trough:file:" + dir;
    }

    @Test
    void rowsGoToTheSegmentsTheyName() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            int count = statement.executeUpdate("INSERT INTO kv (_segment, k, v) VALUES ('a', 'x', 1), ('b', 'y', 2), ('a', 'z''s', 3)");
            assertEquals(3, count);
        }
        assertEquals(3, rows("a"));
        assertEquals(2, rows("b"));
        assertEquals(3L, single("a", "SELECT v FROM kv WHERE k = 'z''s'"));
    }

    @Test
    void aNewSegmentIsCreatedWithTheTablesOfTheOthers() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("INSERT INTO kv (_segment, k, v) VALUES ('c-new', 'n', 7)"));
            try (ResultSet rows = statement.executeQuery("SELECT _segment, k FROM kv WHERE v = 7")) {
                assertTrue(rows.next());
                assertEquals("c-new", rows.getString(1));
            }
        }
        assertEquals(1L, single("c-new", "SELECT count(*) FROM sqlite_schema WHERE name = 'kv_v'"), "indexes come along");
    }

    @Test
    void batchesAndEveryParameterTypeArrive() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO kv (_segment, k, v, payload) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < 50; i++) {
                insert.setString(1, i % 2 == 0 ? "a" : "b");
                insert.setString(2, "key-" + i);
                insert.setLong(3, i);
                insert.setBytes(4, new byte[] {(byte) i, 0, -1});
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            assertEquals(50, counts.length);
            for (int count : counts) assertEquals(1, count);
        }
        assertEquals(26, rows("a"));
        assertEquals(26, rows("b"));
        try (Connection c = SqliteConnections.openReadOnly(dir.resolve("b.sqlite")); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery("SELECT payload FROM kv WHERE k = 'key-7'")) {
            assertArrayEquals(new byte[] {7, 0, -1}, rows.getBytes(1));
        }
    }

    @Test
    void aBatchStoresWhatSqliteItselfStores() throws SQLException {
        Object[] values = {42L, "17", "text", 2.5, 3.0f, true, null, new java.math.BigDecimal("12.50"), (short) 7, 9, new byte[] {1, 2}};
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement batch = connection.prepareStatement("INSERT INTO kv (_segment, k, v) VALUES (?, ?, ?)");
             Connection sqlite = SqliteConnections.openReadWrite(dir.resolve("b.sqlite"));
             PreparedStatement oracle = sqlite.prepareStatement("INSERT INTO kv (k, v) VALUES (?, ?)")) {
            for (int i = 0; i < values.length; i++) {
                batch.setString(1, "a");
                batch.setString(2, "value-" + i);
                batch.setObject(3, values[i]);
                batch.addBatch();
                oracle.setString(1, "value-" + i);
                oracle.setObject(2, values[i] instanceof java.math.BigDecimal d ? d.doubleValue() : values[i]);
                oracle.executeUpdate();
            }
            assertEquals(values.length, batch.executeBatch().length);
        }
        String stored = "SELECT group_concat(k || '=' || typeof(v) || ':' || quote(v), ' ') FROM (SELECT k, v FROM kv WHERE k LIKE 'value-%' ORDER BY k)";
        assertEquals(text("b", stored), text("a", stored));
    }

    @Test
    void insertSelectCopiesRowsAcrossSegments() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertEquals(2, statement.executeUpdate("INSERT INTO kv (_segment, k, v) SELECT 'archive', k || '-' || _segment, v FROM kv"));
        }
        assertEquals(2, rows("archive"));
    }

    @Test
    void aRowWithoutASegmentIsRefusedAndNothingIsWritten() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("INSERT INTO kv (k, v) VALUES ('lost', 1)"));
            assertTrue(message(e).contains("Column '_segment' has no default value and does not allow NULLs"), message(e));
            SQLException bad = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("INSERT INTO kv (_segment, k) VALUES ('../etc', 'x')"));
            assertTrue(message(bad).contains("invalid segment id"), message(bad));
        }
        assertEquals(1, rows("a"));
        assertEquals(1, rows("b"));
        assertTrue(Files.notExists(dir.resolve("..").resolve("etc.sqlite")));
    }

    @Test
    void aSegmentsRowsCommitTogetherOrNotAtAll() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "INSERT INTO kv (_segment, k, v) VALUES ('a', 'fresh', 1), ('a', 'existing', 2)"));
            assertTrue(message(e).contains("UNIQUE constraint failed") && message(e).contains("segment a"), message(e));
        }
        assertEquals(1, rows("a"), "the first row of the failed statement was rolled back");
    }

    @Test
    void aDeleteReachesOnlyTheSegmentsItNames() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("DELETE FROM kv WHERE _segment = 'a'"));
        }
        assertEquals(0, rows("a"));
        assertEquals(1, rows("b"));
    }

    @Test
    void aLargeBatchGoesOutInMultiRowStatementsAndAFailedOneSaysWhichRows() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO kv (_segment, k, v) VALUES (?, ?, ?)")) {
            for (int i = 0; i < 1234; i++) {
                insert.setString(1, i % 3 == 0 ? "a" : "b");
                insert.setString(2, "row-" + i);
                insert.setInt(3, i);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            assertEquals(1234, counts.length);
            for (int count : counts) assertEquals(1, count);
            assertEquals(0, insert.executeBatch().length, "the batch is empty once sent");

            // A duplicate key in the second statement of a new batch: the first 500 rows are written, no row after.
            for (int i = 0; i < 700; i++) {
                insert.setString(1, "a");
                insert.setString(2, i == 600 ? "existing" : "again-" + i);
                insert.setInt(3, i);
                insert.addBatch();
            }
            BatchUpdateException failed = assertThrows(BatchUpdateException.class, insert::executeBatch);
            assertTrue(failed.getMessage().startsWith("rows 501 to 700 of the batch (segment a) failed, and none after them in their segment was "
                    + "sent (500 rows of the batch were written; the update counts say which)"), failed.getMessage());
            assertEquals(1, failed.getUpdateCounts()[499]);
            assertEquals(Statement.EXECUTE_FAILED, failed.getUpdateCounts()[500]);

            insert.setString(1, "a");
            insert.setString(2, "half");
            insert.clearParameters();
            insert.setString(1, "a");
            insert.addBatch();
            SQLException partial = assertThrows(SQLException.class, insert::executeBatch);
            assertTrue(message(partial).contains("sets 1 of the 3 parameters"), message(partial));
        }
        assertEquals(1 + 412 + 500, rows("a"));
        assertEquals(1 + 822, rows("b"));
    }

    @Test
    void aBatchOverManySegmentsWritesThemTogetherAndItsCountsSayWhichRowsWereWritten() throws SQLException {
        int segments = 12;
        int rows = 1000 * segments;
        int duplicate = 7 + segments * 600; // segment m7's 601st row repeats its first row's key: its 2nd transaction fails
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO kv (_segment, k, v) VALUES (?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                insert.setString(1, "m" + i % segments);
                insert.setString(2, "row-" + (i == duplicate ? 7 : i));
                insert.setInt(3, i);
                insert.addBatch();
            }
            BatchUpdateException failed = assertThrows(BatchUpdateException.class, insert::executeBatch);
            assertTrue(failed.getMessage().startsWith("rows " + (7 + segments * 500 + 1) + " to " + (7 + segments * 999 + 1) + " of the batch (segment m7) "
                    + "failed, and none after them in their segment was sent, nor of a segment not begun yet"), failed.getMessage());
            int[] counts = failed.getUpdateCounts();
            assertEquals(rows, counts.length);
            List<Set<String>> stored = new ArrayList<>();
            for (int s = 0; s < segments; s++) stored.add(keys("m" + s));
            for (int i = 0; i < rows; i++) {
                boolean present = i != duplicate && stored.get(i % segments).contains("row-" + i);
                assertEquals(present, counts[i] == 1, "row " + (i + 1) + ": its count says whether it was written");
            }
            assertEquals(500, stored.get(7).size(), "segment m7 kept its first transaction, not the failed one");
        }
    }

    private Set<String> keys(String segment) throws SQLException {
        Set<String> keys = new HashSet<>();
        if (!Files.exists(dir.resolve(segment + ".sqlite"))) return keys;
        try (Connection c = SqliteConnections.openReadOnly(dir.resolve(segment + ".sqlite")); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery("SELECT k FROM kv")) {
            while (rows.next()) keys.add(rows.getString(1));
        }
        return keys;
    }

    @Test
    void aPreparedInsertRunsSingleRowsAndBatchesWithTheParametersLastSet() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO kv (_segment, k, v) VALUES (?, ?, ?)")) {
            insert.setString(1, "a");
            insert.setString(2, "single-1");
            insert.setLong(3, 1);
            assertEquals(1, insert.executeUpdate());
            insert.setString(2, "batched");
            insert.addBatch();
            insert.setString(2, "single-2"); // parameters stay set after addBatch; the one changed wins
            assertEquals(1, insert.executeUpdate());
            assertArrayEquals(new int[] {1}, insert.executeBatch());

            SQLException outOfRange = assertThrows(SQLException.class, () -> insert.setString(4, "x"));
            assertEquals("07009", outOfRange.getSQLState());
            assertTrue(outOfRange.getMessage().contains("parameter 4 does not exist: the statement has 3 parameters"), outOfRange.getMessage());
        }
        assertEquals("batched=1 single-1=1 single-2=1",
                text("a", "SELECT group_concat(k || '=' || v, ' ') FROM (SELECT k, v FROM kv WHERE k <> 'existing' ORDER BY k)"));
        assertEquals(1, rows("b"), "nothing reached the other segment");
    }

    @Test
    void columnsAnInsertLeavesOutTakeTheirDefaults() throws SQLException {
        for (String id : new String[] {"a", "b"}) {
            try (Connection c = SqliteConnections.openReadWrite(dir.resolve(id + ".sqlite")); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE d (k TEXT, n INTEGER DEFAULT 7, s TEXT DEFAULT 'it''s', r REAL DEFAULT (-1.5), "
                        + "b BLOB DEFAULT X'00ff', z DEFAULT NULL, t INTEGER DEFAULT TRUE)");
                st.executeUpdate("CREATE TABLE stamped (k TEXT, stamped_at TEXT DEFAULT CURRENT_TIMESTAMP)");
            }
        }
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertEquals(2, statement.executeUpdate("INSERT INTO d (_segment, k) VALUES ('a', 'x'), ('b', 'y')"));
            assertEquals(1, statement.executeUpdate("INSERT INTO d (_segment, k, n) VALUES ('a', 'named', NULL)"));
            SQLException refused = assertThrows(SQLException.class, () -> statement.executeUpdate("INSERT INTO stamped (_segment, k) VALUES ('a', 'x')"));
            assertTrue(message(refused).contains("column stamped_at of stamped has DEFAULT CURRENT_TIMESTAMP, which only SQLite can compute; name the column"),
                    message(refused));
            assertEquals(1, statement.executeUpdate("INSERT INTO stamped (_segment, k, stamped_at) VALUES ('a', 'x', '2026-11-22')"));
        }
        // As SQLite itself would have filled them: the oracle is an INSERT run on the file directly.
        try (Connection c = SqliteConnections.openReadWrite(dir.resolve("b.sqlite")); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO d (k) VALUES ('oracle')");
        }
        String values = "SELECT quote(n) || ' ' || quote(s) || ' ' || quote(r) || ' ' || quote(b) || ' ' || quote(z) || ' ' || quote(t) FROM d WHERE k = ";
        assertEquals(text("b", values + "'oracle'"), text("a", values + "'x'"));
        assertEquals("7 'it''s' -1.5 X'00FF' NULL 1", text("a", values + "'x'"));
        assertEquals(1L, single("a", "SELECT count(*) FROM d WHERE k = 'named' AND n IS NULL"), "a column named with NULL stays NULL");
    }

    private long rows(String segment) throws SQLException {
        return single(segment, "SELECT count(*) FROM kv");
    }

    private String text(String segment, String sql) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(dir.resolve(segment + ".sqlite")); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery(sql)) {
            return rows.getString(1);
        }
    }

    private long single(String segment, String sql) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(dir.resolve(segment + ".sqlite")); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery(sql)) {
            return rows.getLong(1);
        }
    }

    private static String message(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) text.append(t.getMessage()).append(" / ");
        return text.toString();
    }
}
