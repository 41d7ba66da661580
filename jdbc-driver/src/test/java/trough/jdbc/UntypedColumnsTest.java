package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/**
 * A query SQLite answers on the client has columns as sqlite-jdbc shows them on one database: a table's
 * column with its declared type, an expression without one, whose values are SQLite's own and which every
 * getter reads as sqlite-jdbc would.
 */
class UntypedColumnsTest {
    @TempDir
    static Path dir;
    static String url;

    @BeforeAll
    static void segments() throws SQLException {
        for (String segment : new String[] {"s1", "s2"}) {
            try (Connection file = SqliteConnections.openReadWrite(dir.resolve(segment + ".sqlite")); Statement ddl = file.createStatement()) {
                ddl.executeUpdate("CREATE TABLE pages (url TEXT, size INTEGER)");
                ddl.executeUpdate("INSERT INTO pages VALUES ('" + segment + "/a', 10), ('" + segment + "/b', 25)");
            }
        }
        url = "jdbc:trough:file:" + dir;
    }

    @Test
    void expressionsAreUntypedAndReadByEveryGetter() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT a.url, count(*), avg(b.size), '7' || 'x', NULL FROM pages a JOIN pages b "
                     + "ON a.size = b.size GROUP BY a.url ORDER BY a.url LIMIT 1")) {
            assertEquals(Types.VARCHAR, rows.getMetaData().getColumnType(1), "a table's column keeps its declared type");
            assertEquals(Types.JAVA_OBJECT, rows.getMetaData().getColumnType(2), "an expression has none, as in sqlite-jdbc before a row");
            assertEquals("count(*)", rows.getMetaData().getColumnLabel(2), "columns are named as SQLite names them");
            assertTrue(rows.next());
            assertEquals(2L, rows.getObject(2), "SQLite's integer: s1/a meets the size-10 row of each segment");
            assertEquals(2, rows.getInt(2));
            assertEquals(2L, rows.getLong("count(*)"));
            assertEquals("2", rows.getString(2));
            assertEquals(10.0, rows.getObject(3), "SQLite's real");
            assertEquals(10, rows.getLong(3));
            assertEquals(new BigDecimal("10.0"), rows.getBigDecimal(3));
            assertEquals("7x", rows.getString(4));
            assertEquals(7, rows.getInt(4), "text read as a number by its numeric prefix, as SQLite does");
            assertArrayEquals("7x".getBytes(), rows.getBytes(4));
            assertEquals(0, rows.getLong(5));
            assertTrue(rows.wasNull());
            assertFalse(rows.getBoolean(5));
        }
    }

    @Test
    void aQueryWithoutATableRunsOnSqliteWhenCalciteCannotAnswerIt() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT julianday('2020-01-01'), 0.06 + 0.01 AS date")) {
            assertTrue(rows.next());
            assertEquals(2458849.5, rows.getDouble(1));
            assertEquals(0.06 + 0.01, rows.getObject("date"), "SQLite's double arithmetic, under a name Calcite reserves");
        }
    }
}
