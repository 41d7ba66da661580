package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/**
 * A word SQLite takes as a name is a name in Trough's queries too: as a column alias (jOOQ writes {@code select
 * 1 as one} for fetchExists) and as a column of a table. The few Calcite's Babel parser keeps as keywords are
 * read by SQLite itself in a query; in an INSERT, UPDATE or DELETE (which Calcite's parser reads) they work
 * double-quoted and the syntax error says so. SQLite itself is the oracle: each word is tried there first.
 */
class KeywordNamesTest {
    /** Words SQL standards reserve that tables and reports use as names. */
    static final List<String> WORDS = List.of("day", "month", "year", "hour", "minute", "second", "value", "values_", "dec", "one", "count",
            "date", "time", "timestamp", "user", "position", "result", "language", "level", "rank", "names", "data", "type", "status", "size",
            "source", "domain", "role", "session", "start", "end", "first", "last", "min", "max", "sum", "avg", "row_number", "name", "text",
            "number", "version", "zone", "path", "year_", "week", "quarter", "epoch", "format", "json", "uuid", "timezone_hour", "interval",
            "period", "system", "local", "module", "method", "object", "ref", "scope", "sql", "state", "transform", "translation", "work",
            "write", "absolute", "action", "admin", "after", "before", "cascade", "class", "collation", "condition", "cycle", "deferred",
            "depth", "descriptor", "exclusive", "filter", "following", "generated", "global", "grant", "immediate", "instead", "key", "match",
            "new", "old", "option", "partition", "plan", "preceding", "prior", "range", "read", "relative", "rows", "savepoint", "temp",
            "ties", "unbounded", "view", "window", "without", "current_path", "element", "every", "member", "mod", "power", "percent",
            "similar", "some", "upper", "lower", "trim", "substring", "char", "character", "double", "float", "int", "integer", "real",
            "boolean", "binary", "varchar", "blob", "clob", "decimal", "numeric", "bigint", "smallint");

    @TempDir
    static Path dir;
    static String url;
    static List<String> names;

    @BeforeAll
    static void segment() throws SQLException {
        names = new ArrayList<>();
        try (Connection c = SqliteConnections.openReadWrite(dir.resolve("s.sqlite")); Statement st = c.createStatement()) {
            for (String word : WORDS) {
                if (sqliteAccepts(st, "SELECT 1 AS " + word) && sqliteAccepts(st, "CREATE TEMP TABLE probe_" + word + " (" + word + " INTEGER)")) {
                    names.add(word);
                }
            }
            List<String> columns = new ArrayList<>();
            for (String name : names) columns.add(name + " INTEGER");
            st.executeUpdate("CREATE TABLE words (" + String.join(", ", columns) + ")");
            st.executeUpdate("INSERT INTO words (" + String.join(", ", names) + ") VALUES (" + String.join(", ", names.stream().map(n -> "7").toList()) + ")");
        }
        url = "jdbc:trough:file:" + dir;
    }

    private static boolean sqliteAccepts(Statement statement, String sql) {
        try {
            statement.execute(sql);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    void mostOfTheWordsAreNamesInSqlite() {
        assertTrue(names.size() > WORDS.size() * 3 / 4, "SQLite took only " + names);
    }

    @Test
    void everyWordSqliteTakesAsANameIsAnAliasAndAColumnInTrough() throws SQLException {
        List<String> refused = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String name : names) {
                try (ResultSet rows = statement.executeQuery("SELECT " + name + " FROM words WHERE " + name + " = 7 ORDER BY " + name)) {
                    rows.next();
                    assertEquals(7, rows.getInt(1));
                } catch (SQLException e) {
                    refused.add(name + ": " + e.getMessage().lines().findFirst().orElse(""));
                }
                try (ResultSet rows = statement.executeQuery("SELECT 1 AS " + name)) {
                    rows.next();
                } catch (SQLException e) {
                    refused.add("1 AS " + name + ": " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        assertEquals(List.of(), refused);
    }

    @Test
    void everyWordSqliteTakesAsANameWorksInWritesToo() throws SQLException {
        assertTrue(names.containsAll(DriverErrors.KEYWORDS_NOT_NAMES), "SQLite takes them all as names");
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String word : names) {
                assertEquals(1, statement.executeUpdate("UPDATE words SET " + word + " = 7 WHERE _segment = 's' AND " + word + " = 7"), word);
                assertEquals(1, statement.executeUpdate("INSERT INTO words (_segment, " + word + ") VALUES ('s', 8)"), word);
                assertEquals(1, statement.executeUpdate("DELETE FROM words WHERE _segment = 's' AND " + word + " = 8"), word);
            }
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM words")) {
                assertTrue(rows.next());
                assertEquals(1, rows.getInt(1), "every row written was deleted again");
            }
        }
    }

    @Test
    void aSyntaxErrorNearAWordCalciteReservesSaysHowToUseItAsAName() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String word : DriverErrors.KEYWORDS_NOT_NAMES) {
                String sql = "UPDATE words SET " + word + " = WHERE _segment = 's'";
                SQLException e = assertThrows(SQLException.class, () -> statement.executeUpdate(sql), sql);
                assertEquals("42601", e.getSQLState(), e.getMessage());
                assertTrue(e.getMessage().lines().findFirst().orElse("").contains("write it in double quotes (\"" + word + "\")"), e.getMessage());
            }
        }
    }
}
