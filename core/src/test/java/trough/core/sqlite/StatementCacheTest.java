package trough.core.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** Kept statements on a real segment file: what a run answers must be what a freshly prepared statement answers. */
class StatementCacheTest {
    @TempDir
    Path dir;

    private SQLiteConnection writer;
    private SQLiteConnection reader;

    @BeforeEach
    void openSegment() throws SQLException {
        Path file = dir.resolve("segment.sqlite");
        writer = SqliteConnections.openReadWrite(file);
        write("CREATE TABLE t (id INTEGER, name TEXT)", "INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL)");
        reader = SqliteConnections.openReadOnly(file);
    }

    @AfterEach
    void close() throws SQLException {
        reader.close();
        writer.close();
    }

    @Test
    void aRepeatedQueryRunsOnTheStatementItKept() throws SQLException {
        try (StatementCache cache = new StatementCache(reader, 4)) {
            String sql = "SELECT name FROM t WHERE id = ?";
            ResultSet first = cache.query(sql, statement -> statement.setLong(1, 1));
            PreparedStatement prepared = (PreparedStatement) first.getStatement();
            assertEquals(List.of(List.of("a")), rows(first));
            cache.done(sql, first, true);
            assertEquals(1, cache.size());

            ResultSet second = cache.query(sql, statement -> statement.setLong(1, 2));
            assertSame(prepared, second.getStatement());
            assertEquals(0, cache.size(), "a lent statement is not lent twice");
            assertEquals(List.of(List.of("b")), rows(second));
            cache.done(sql, second, true);
        }
    }

    @Test
    void aKeptStatementForgetsTheValuesBoundToItBefore() throws SQLException {
        try (StatementCache cache = new StatementCache(reader, 4)) {
            String sql = "SELECT id FROM t WHERE id = ? OR name IS ? ORDER BY id";
            ResultSet bothBound = cache.query(sql, statement -> {
                statement.setLong(1, 1);
                statement.setString(2, "b");
            });
            assertEquals(List.of(List.of(1), List.of(2)), rows(bothBound));
            cache.done(sql, bothBound, true);
            // The second run binds only the first value: SQLite's unbound parameter is NULL, not last run's 'b'.
            ResultSet oneBound = cache.query(sql, statement -> statement.setLong(1, 1));
            List<List<Object>> answer = rows(oneBound);
            cache.done(sql, oneBound, true);
            assertEquals(fresh(sql, statement -> statement.setLong(1, 1)), answer);
            assertEquals(List.of(List.of(1), List.of(3)), answer, "id = 1, and the row whose name IS NULL");
        }
    }

    @Test
    void aKeptStatementAnswersTheColumnsOfTheTableAsItIsNow() throws SQLException {
        try (StatementCache cache = new StatementCache(reader, 4)) {
            String sql = "SELECT * FROM t ORDER BY id";
            ResultSet before = cache.query(sql, statement -> {});
            assertEquals(2, before.getMetaData().getColumnCount());
            rows(before);
            cache.done(sql, before, true);

            write("ALTER TABLE t ADD COLUMN score REAL DEFAULT 0.5");

            ResultSet after = cache.query(sql, statement -> {});
            assertEquals(3, after.getMetaData().getColumnCount());
            assertEquals("score", after.getMetaData().getColumnLabel(3));
            List<List<Object>> answer = rows(after);
            cache.done(sql, after, true);
            assertEquals(fresh(sql, statement -> {}), answer);
            assertEquals(Arrays.asList(1, "a", 0.5), answer.get(0));

            write("ALTER TABLE t DROP COLUMN name");

            ResultSet dropped = cache.query(sql, statement -> {});
            answer = rows(dropped);
            cache.done(sql, dropped, true);
            assertEquals(fresh(sql, statement -> {}), answer);
            assertEquals(Arrays.asList(1, 0.5), answer.get(0));
        }
    }

    @Test
    void theLeastRecentlyUsedStatementIsClosedToMakeRoom() throws SQLException {
        try (StatementCache cache = new StatementCache(reader, 2)) {
            List<PreparedStatement> statements = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                String sql = "SELECT name FROM t WHERE id = " + id;
                ResultSet rows = cache.query(sql, statement -> {});
                statements.add((PreparedStatement) rows.getStatement());
                rows(rows);
                cache.done(sql, rows, true);
            }
            assertEquals(2, cache.size());
            assertTrue(statements.get(0).isClosed());
            assertFalse(statements.get(1).isClosed());
            assertFalse(statements.get(2).isClosed());
        }
    }

    @Test
    void aRunThatFailedKeepsNothingAndTheTextRunsAgain() throws SQLException {
        try (StatementCache cache = new StatementCache(reader, 4)) {
            // Fails at its third row, after answering two: abs() of the smallest integer overflows.
            String sql = "SELECT CASE WHEN id = 3 THEN abs(-9223372036854775807 - 1) ELSE id END FROM t"; // rowid order
            ResultSet failing = cache.query(sql, statement -> {});
            PreparedStatement prepared = (PreparedStatement) failing.getStatement();
            assertThrows(SQLException.class, () -> rows(failing));
            cache.done(sql, failing, false);
            assertEquals(0, cache.size());
            assertTrue(prepared.isClosed());

            ResultSet again = cache.query(sql, statement -> {});
            assertNotSame(prepared, again.getStatement());
            assertThrows(SQLException.class, () -> rows(again), "the same failure, from a statement prepared anew");
            cache.done(sql, again, false);
        }
    }

    @Test
    void aStatementThatIsNotAQueryAnswersNoRowsAndIsNotKept() throws SQLException {
        try (StatementCache cache = new StatementCache(reader, 4)) {
            assertNull(cache.query("PRAGMA query_only = 1", statement -> {}));
            assertEquals(0, cache.size());
        }
    }

    @Test
    void badSqlFailsAsSqliteSaysAndKeepsNothing() {
        try (StatementCache cache = new StatementCache(reader, 4)) {
            SQLException failure = assertThrows(SQLException.class, () -> cache.query("SELECT nope FROM t", statement -> {}));
            assertTrue(failure.getMessage().contains("no such column: nope"), failure.getMessage());
            assertEquals(0, cache.size());
        }
    }

    @Test
    void noneKeepsNothing() throws SQLException {
        StatementCache none = StatementCache.none(reader);
        ResultSet rows = none.query("SELECT id FROM t", statement -> {});
        PreparedStatement prepared = (PreparedStatement) rows.getStatement();
        rows(rows);
        none.done("SELECT id FROM t", rows, true);
        assertEquals(0, none.size());
        assertTrue(prepared.isClosed());
    }

    @Test
    void closingTheCacheClosesWhatItKept() throws SQLException {
        StatementCache cache = new StatementCache(reader, 4);
        ResultSet rows = cache.query("SELECT id FROM t", statement -> {});
        PreparedStatement prepared = (PreparedStatement) rows.getStatement();
        rows(rows);
        cache.done("SELECT id FROM t", rows, true);
        cache.close();
        assertTrue(prepared.isClosed());
        assertFalse(reader.isClosed());
    }

    private List<List<Object>> fresh(String sql, StatementCache.Binding binding) throws SQLException {
        try (PreparedStatement statement = reader.prepareStatement(sql)) {
            binding.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                return rows(rows);
            }
        }
    }

    private static List<List<Object>> rows(ResultSet rows) throws SQLException {
        List<List<Object>> all = new ArrayList<>();
        int width = rows.getMetaData().getColumnCount();
        while (rows.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= width; i++) row.add(rows.getObject(i));
            all.add(row);
        }
        return all;
    }

    private void write(String... statements) throws SQLException {
        try (Statement statement = writer.createStatement()) {
            for (String sql : statements) statement.execute(sql);
        }
    }
}
