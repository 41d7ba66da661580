package trough.jdbc.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/**
 * UPDATE and DELETE through JDBC, checked against one SQLite database: each statement runs both ways (on the
 * oracle {@code _segment} is an ordinary column, so the same text works there), and after each the update
 * counts and the whole table must agree.
 */
public class DmlOracleTest {
    private static final String CONTENTS = "SELECT _segment, id, grp, n, x, v, s FROM t ORDER BY _segment, id, n, s";

    private static final List<String> STATEMENTS = List.of(
            "DELETE FROM t WHERE _segment = 'seg-01' AND n > 50",
            "UPDATE t SET n = n + 1, s = upper(s) WHERE _segment IN ('seg-02', 'seg-03') AND grp = 'a'",
            "UPDATE t SET x = NULL WHERE _segment LIKE 'seg-0%' AND id % 3 = 0",
            "DELETE FROM t WHERE _segment >= 'seg-05' AND v IS NULL",
            "UPDATE t SET s = _segment || ':' || coalesce(s, '') WHERE _segment = 'seg-04' OR (_segment = 'seg-00' AND n < 10)",
            "UPDATE t SET n = CASE WHEN n IS NULL THEN -1 ELSE n * 2 END WHERE _segment BETWEEN 'seg-02' AND 'seg-04'",
            "DELETE FROM t WHERE _segment = 'seg-99'",
            "DELETE FROM u WHERE _segment = 'seg-00' AND k < 10");

    @ParameterizedTest(name = "{0} segments")
    @ValueSource(ints = {2, 7})
    void updatesAndDeletesChangeWhatTheyWouldInOneSqliteDatabase(int segments, @TempDir Path dir) throws Exception {
        OracleDataSet data = OracleDataSet.create(dir, segments, 1500, 31L * segments, true);
        assertSameEffects("jdbc:trough:file:" + data.directory, data);
    }

    /** Runs the statements through {@code url} and on the oracle, checking counts and contents after each. */
    public static void assertSameEffects(String url, OracleDataSet data) throws Exception {
        try (Connection trough = DriverManager.getConnection(url);
             Connection oracle = SqliteConnections.openReadWrite(data.oracle);
             Statement troughStatement = trough.createStatement();
             Statement oracleStatement = oracle.createStatement()) {
            for (String sql : STATEMENTS) {
                int expected = oracleStatement.executeUpdate(sql);
                assertEquals(expected, troughStatement.executeUpdate(sql), "update count of " + sql);
                assertSameContents(trough, oracle, sql);
            }
            try (PreparedStatement update = trough.prepareStatement("UPDATE t SET n = ?, s = ? WHERE _segment = ? AND id < ?");
                 PreparedStatement same = oracle.prepareStatement("UPDATE t SET n = ?, s = ? WHERE _segment = ? AND id < ?")) {
                for (PreparedStatement statement : List.of(update, same)) {
                    statement.setLong(1, 4242);
                    statement.setString(2, "it's set");
                    statement.setString(3, "seg-00");
                    statement.setLong(4, 40);
                }
                assertEquals(same.executeUpdate(), update.executeUpdate());
            }
            assertSameContents(trough, oracle, "the prepared UPDATE");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "DELETE FROM t|DELETE needs a _segment predicate",
        "UPDATE t SET n = 1 WHERE n > 5|UPDATE needs a _segment predicate",
        "UPDATE t SET _segment = 'seg-01' WHERE _segment = 'seg-00'|UPDATE cannot set _segment",
        "DELETE FROM t WHERE _segment = 'seg-00' AND n IN (SELECT k FROM u)|DELETE with a sub-query is not supported",
        "UPDATE t SET n = (SELECT max(k) FROM u) WHERE _segment = 'seg-00'|UPDATE with a sub-query is not supported",
        "MERGE INTO t USING u ON t.n = u.k WHEN MATCHED THEN UPDATE SET n = 0|MERGE through JDBC is not supported"})
    void whatCannotBeRoutedIsRefusedAndChangesNothing(String caseText, @TempDir Path dir) throws Exception {
        String sql = caseText.substring(0, caseText.indexOf('|'));
        String message = caseText.substring(caseText.indexOf('|') + 1);
        OracleDataSet data = OracleDataSet.create(dir, 2, 300, 5, true);
        try (Connection trough = DriverManager.getConnection("jdbc:trough:file:" + data.directory);
             Connection oracle = SqliteConnections.openReadOnly(data.oracle);
             Statement statement = trough.createStatement()) {
            SQLException error = assertThrows(SQLException.class, () -> statement.executeUpdate(sql));
            String text = messages(error);
            assertTrue(text.contains(message), text);
            assertSameContents(trough, oracle, sql);
        }
    }

    private static void assertSameContents(Connection trough, Connection oracle, String after) throws SQLException {
        for (String table : List.of(CONTENTS, "SELECT _segment, k, label FROM u ORDER BY _segment, k, label")) {
            List<List<Object>> expected;
            try (Statement statement = oracle.createStatement(); ResultSet rows = statement.executeQuery(table)) {
                expected = ResultComparison.read(rows);
            }
            try (Statement statement = trough.createStatement(); ResultSet rows = statement.executeQuery(table)) {
                assertNull(ResultComparison.difference(expected, ResultComparison.read(rows), true, false), "after " + after);
            }
        }
    }

    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) all.append(t.getMessage()).append(" / ");
        return all.toString();
    }
}
