package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/**
 * Declared SQLite types as JDBC types, by SQLite's affinity and the names sqlite-jdbc recognises, and the values
 * read through them: what sqlite-jdbc answers on the same file is the oracle.
 */
class DeclaredTypesTest {
    static final String DDL = "CREATE TABLE things (id INTEGER PRIMARY KEY, name VARCHAR(40), raw BLOB, amount NUMERIC, price DECIMAL(10,2), "
            + "seen DATETIME, born DATE, at TIME, stamp TIMESTAMP, flag BOOLEAN, doc JSON, score REAL, anything)";

    @TempDir
    static Path dir;
    static String url;

    @BeforeAll
    static void segment() throws SQLException {
        try (Connection c = SqliteConnections.openReadWrite(dir.resolve("s.sqlite")); Statement st = c.createStatement()) {
            st.executeUpdate(DDL);
            st.executeUpdate("INSERT INTO things VALUES (1, 'a', x'00ff10', 1.5, 12.25, '2024-03-04 05:06:07', '2024-03-04', '05:06:07', "
                    + "'2024-03-04T05:06:07.250', 1, '{\"k\": 1}', 0.5, 'x')");
            st.executeUpdate("INSERT INTO things VALUES (2, 'b', 'text in a blob', 7, 3, 1709528767000, 1709510400000, '23:59:59.5', 2460373.5, 0, "
                    + "'[]', 2, 3)");
        }
        url = "jdbc:trough:file:" + dir;
    }

    @Test
    void columnsHaveTheJdbcTypesOfTheirDeclaredTypes() throws SQLException {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("id", Types.BIGINT);
        expected.put("name", Types.VARCHAR);
        expected.put("raw", Types.VARBINARY);
        expected.put("amount", Types.DECIMAL);
        expected.put("price", Types.DECIMAL);
        expected.put("seen", Types.TIMESTAMP);
        expected.put("born", Types.DATE);
        expected.put("at", Types.TIME);
        expected.put("stamp", Types.TIMESTAMP);
        expected.put("flag", Types.BOOLEAN);
        expected.put("doc", Types.VARCHAR);
        expected.put("score", Types.DOUBLE);
        expected.put("anything", Types.JAVA_OBJECT); // declared without a type: it may hold anything
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            Map<String, Integer> query = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery("SELECT * FROM things WHERE 1 = 0")) {
                ResultSetMetaData meta = rows.getMetaData();
                for (int i = 1; i <= meta.getColumnCount(); i++) query.put(meta.getColumnName(i), meta.getColumnType(i));
            }
            assertEquals(expected, query);
            Map<String, Integer> columns = new LinkedHashMap<>();
            try (ResultSet rows = connection.getMetaData().getColumns(null, null, "things", null)) {
                while (rows.next()) {
                    columns.put(rows.getString("COLUMN_NAME"), rows.getInt("DATA_TYPE"));
                    if (rows.getString("COLUMN_NAME").equals("name")) assertEquals(40, rows.getInt("COLUMN_SIZE"));
                    if (rows.getString("COLUMN_NAME").equals("price")) {
                        assertEquals(10, rows.getInt("COLUMN_SIZE"));
                        assertEquals(2, rows.getInt("DECIMAL_DIGITS"));
                    }
                    if (rows.getString("COLUMN_NAME").equals("_segment")) {
                        assertEquals("VARCHAR", rows.getString("TYPE_NAME"));
                        assertEquals(0, rows.getInt("NULLABLE"));
                        assertEquals("NO", rows.getString("IS_NULLABLE"));
                    } else if (!rows.getString("COLUMN_NAME").equals("anything")) {
                        assertTrue(rows.getInt("COLUMN_SIZE") > 0, rows.getString("COLUMN_NAME"));
                    }
                }
            }
            expected.put("_segment", Types.VARCHAR);
            assertEquals(expected, columns);
        }
    }

    @Test
    void valuesReadAsSqliteJdbcReadsThem() throws SQLException {
        try (Connection trough = DriverManager.getConnection(url); Statement troughStatement = trough.createStatement();
             Connection sqlite = SqliteConnections.openReadOnly(dir.resolve("s.sqlite")); Statement sqliteStatement = sqlite.createStatement();
             ResultSet actual = troughStatement.executeQuery("SELECT * FROM things ORDER BY id");
             ResultSet oracle = sqliteStatement.executeQuery("SELECT * FROM things ORDER BY id")) {
            for (int row = 1; row <= 2; row++) {
                assertTrue(actual.next());
                assertTrue(oracle.next());
                assertArrayEquals(oracle.getBytes("raw"), actual.getBytes("raw"));
                assertArrayEquals(oracle.getBytes("raw"), actual.getBlob("raw").getBytes(1, (int) actual.getBlob("raw").length()));
                assertEquals(0, oracle.getBigDecimal("amount").compareTo(actual.getBigDecimal("amount")), "row " + row);
                assertEquals(0, oracle.getBigDecimal("price").compareTo(actual.getBigDecimal("price")), "row " + row);
                assertEquals(oracle.getBoolean("flag"), actual.getBoolean("flag"));
                assertEquals(oracle.getString("doc"), actual.getString("doc"));
                assertEquals(oracle.getString("name"), actual.getString("name"));
            }
        }
    }

    /** Times are compared as wall-clock text: Trough reads them without a time zone, as SQLite's date functions do. */
    @Test
    void datesAndTimesReadFromIsoTextUnixMillisecondsAndJulianDays() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT seen, born, at, stamp FROM things ORDER BY id")) {
            assertTrue(rows.next());
            assertEquals(Timestamp.valueOf("2024-03-04 05:06:07"), rows.getTimestamp("seen"));
            assertEquals(java.sql.Date.valueOf("2024-03-04"), rows.getDate("born"));
            assertEquals("05:06:07", rows.getTime("at").toString());
            assertEquals(Timestamp.valueOf("2024-03-04 05:06:07.25"), rows.getTimestamp("stamp"));
            assertTrue(rows.next());
            assertEquals("2024-03-04T05:06:07", rows.getTimestamp("seen").toLocalDateTime().toString(), "1709528767000 ms since 1970");
            assertEquals("2024-03-04", rows.getDate("born").toString());
            assertEquals("23:59:59", rows.getTime("at").toString());
            assertEquals("2024-03-04T00:00", rows.getTimestamp("stamp").toLocalDateTime().toString(), "Julian day 2460373.5");
        }
    }

    @Test
    void aDateParameterIsComparedAsTheTextSqliteKeepsDatesIn() throws SQLException {
        String sql = "SELECT id FROM things WHERE seen >= ? AND born <= ? ORDER BY id";
        try (Connection trough = DriverManager.getConnection(url); PreparedStatement statement = trough.prepareStatement(sql);
             Connection sqlite = SqliteConnections.openReadOnly(dir.resolve("s.sqlite")); PreparedStatement oracle = sqlite.prepareStatement(sql)) {
            statement.setTimestamp(1, Timestamp.valueOf("2024-03-04 00:00:00"));
            statement.setDate(2, java.sql.Date.valueOf("2024-03-04"));
            oracle.setString(1, "2024-03-04 00:00:00");
            oracle.setString(2, "2024-03-04");
            try (ResultSet actual = statement.executeQuery(); ResultSet expected = oracle.executeQuery()) {
                assertTrue(expected.next(), "the oracle finds the ISO text row");
                assertTrue(actual.next());
                assertEquals(expected.getLong(1), actual.getLong(1));
                assertEquals(expected.next(), actual.next());
            }
        }
    }

    @Test
    void datesWrittenThroughTroughAreTheTextSqliteWritesAndFilterAsText() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("INSERT INTO things (_segment, id, seen, born, price) VALUES "
                    + "('s', 3, TIMESTAMP '2025-01-02 03:04:05', DATE '2025-01-02', 9.99)"));
            try (ResultSet rows = statement.executeQuery("SELECT id FROM things WHERE seen >= TIMESTAMP '2025-01-01 00:00:00' AND born = DATE '2025-01-02'")) {
                assertTrue(rows.next());
                assertEquals(3, rows.getInt(1));
            }
        }
        try (Connection sqlite = SqliteConnections.openReadOnly(dir.resolve("s.sqlite")); Statement statement = sqlite.createStatement();
             ResultSet rows = statement.executeQuery("SELECT seen, born, typeof(seen), price FROM things WHERE id = 3")) {
            assertTrue(rows.next());
            assertEquals("2025-01-02 03:04:05", rows.getString(1));
            assertEquals("2025-01-02", rows.getString(2));
            assertEquals("text", rows.getString(3));
            assertEquals(9.99, rows.getDouble(4));
        }
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM things WHERE _segment = 's' AND id = 3");
        }
    }
}
