package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/** Every failure is a SQLException with a SQLState tools classify by, and a first line that says what to do. */
class SqlStateTest {
    @TempDir
    static Path dir;
    static String url;

    @BeforeAll
    static void segments() throws SQLException {
        for (String id : new String[] {"a", "b"}) {
            try (Connection c = SqliteConnections.openReadWrite(dir.resolve(id + ".sqlite")); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE fetches (url TEXT PRIMARY KEY, status INTEGER)");
                st.executeUpdate("CREATE TABLE hosts (name TEXT)");
                st.executeUpdate("INSERT INTO fetches VALUES ('u-" + id + "', 200)");
            }
        }
        url = "jdbc:trough:file:" + dir;
    }

    private static SQLException failure(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            return assertThrows(SQLException.class, () -> statement.execute(sql));
        }
    }

    private static String firstLine(SQLException e) {
        return e.getMessage().lines().findFirst().orElse("");
    }

    @Test
    void aMisspelledKeywordIsASyntaxErrorThatSaysWhichWordsBeginAStatement() throws SQLException {
        SQLException e = failure("SELEC 1");
        assertEquals("42601", e.getSQLState());
        assertTrue(firstLine(e).startsWith("syntax error at line 1, column 1"), e.getMessage());
        assertTrue(firstLine(e).contains("statements begin with SELECT"), e.getMessage());
    }

    @Test
    void anIncompleteWhereSaysWhereWithoutListingEveryToken() throws SQLException {
        SQLException e = failure("SELECT * FROM fetches WHERE");
        assertEquals("42601", e.getSQLState());
        assertTrue(firstLine(e).startsWith("syntax error at line 1, column 23, near 'WHERE'"), e.getMessage());
        assertFalse(e.getMessage().contains("Was expecting"), e.getMessage());
        assertTrue(e.getMessage().lines().count() <= 2, e.getMessage());
    }

    @Test
    void anUnknownTableNamesTheTablesThereAre() throws SQLException {
        SQLException e = failure("SELECT * FROM fetchs");
        assertEquals("42S02", e.getSQLState());
        assertTrue(firstLine(e).startsWith("table 'fetchs' does not exist"), e.getMessage());
        assertTrue(firstLine(e).contains("main.fetches, main.hosts"), e.getMessage());
        assertEquals("42S22", failure("SELECT nope FROM fetches").getSQLState());
    }

    @Test
    void aRefusedUpdateGivesTheReasonOnTheFirstLine() throws SQLException {
        SQLException e = failure("UPDATE fetches SET status = 404");
        assertEquals("0A000", e.getSQLState());
        assertTrue(firstLine(e).startsWith("UPDATE needs a _segment predicate"), e.getMessage());
        assertFalse(e.getMessage().contains("Error while"), e.getMessage());
    }

    @Test
    void badDataAndBrokenConstraintsHaveTheirClasses() throws SQLException {
        assertEquals("22023", failure("INSERT INTO fetches (_segment, url) VALUES ('../x', 'u')").getSQLState());
        SQLException duplicate = failure("INSERT INTO fetches (_segment, url, status) VALUES ('a', 'u-a', 1)");
        assertEquals("23000", duplicate.getSQLState());
        assertTrue(firstLine(duplicate).contains("segment a"), duplicate.getMessage());
        assertTrue(firstLine(duplicate).contains("UNIQUE constraint failed"), duplicate.getMessage());
    }
}
