package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/** Auto-commit, commit and rollback as pools and frameworks use them. */
class TransactionsTest {
    @TempDir
    Path dir;
    String url;

    @BeforeEach
    void segment() throws SQLException {
        try (Connection c = SqliteConnections.openReadWrite(dir.resolve("a.sqlite")); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER)");
            st.executeUpdate("INSERT INTO kv VALUES ('one', 1)");
        }
        url = "jdbc:trough:file:" + dir;
    }

    @Test
    void aNewConnectionAutoCommitsAndCommitAndRollbackHaveNothingToDo() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            assertTrue(connection.getAutoCommit());
            connection.commit();
            connection.rollback();
            try (Statement statement = connection.createStatement()) {
                assertEquals(1, statement.executeUpdate("INSERT INTO kv (_segment, k, v) VALUES ('a', 'two', 2)"));
            }
            connection.rollback(); // the INSERT committed on its own
        }
        assertEquals(2, rows());
    }

    @Test
    void withAutoCommitOffReadsWorkAndCommitAndRollbackSucceed() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            assertFalse(connection.getAutoCommit());
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT v FROM kv")) {
                assertTrue(rows.next());
                assertEquals(1, rows.getInt(1));
            }
            connection.commit();
            connection.rollback();
        }
    }

    @Test
    void aWriteWithAutoCommitOffIsRefusedAsNotSupportedAndWritesNothing() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> statement.executeUpdate("INSERT INTO kv (_segment, k, v) VALUES ('a', 'x', 9)"));
                assertEquals("0A000", e.getSQLState());
                assertTrue(e.getMessage().startsWith("writes inside a transaction are not supported"), e.getMessage());
                assertTrue(e.getMessage().contains("setAutoCommit(true)"), e.getMessage());
            }
            try (PreparedStatement update = connection.prepareStatement("/* app */ UPDATE kv SET v = ? WHERE _segment = 'a'")) {
                update.setInt(1, 5);
                assertEquals("0A000", assertThrows(SQLException.class, update::executeUpdate).getSQLState());
            }
            connection.rollback();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                assertEquals(1, statement.executeUpdate("INSERT INTO kv (_segment, k, v) VALUES ('a', 'y', 3)"));
            }
        }
        assertEquals(2, rows(), "only the INSERT made with auto-commit on was written");
    }

    @Test
    void savepointsAreNotSupported() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            assertEquals("0A000", assertThrows(SQLException.class, connection::setSavepoint).getSQLState());
        }
    }

    private long rows() throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(dir.resolve("a.sqlite")); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery("SELECT count(*) FROM kv")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
