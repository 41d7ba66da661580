package trough.jdbc.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/** Statement parameters of every type are pushed to the segments (and the merge) and answer as on one database. */
class PreparedStatementTest {
    interface Binder {
        void bind(PreparedStatement statement) throws Exception;
    }

    record Case(String sql, boolean ordered, Binder binder) {}

    static final List<Case> CASES = List.of(
            new Case("SELECT count(*) FROM t WHERE n > ?", false, s -> s.setLong(1, 20)),
            new Case("SELECT grp, sum(x), count(*) FROM t WHERE x < ? AND grp = ? GROUP BY grp", false, s -> {
                s.setDouble(1, 12.5);
                s.setString(2, "日本");
            }),
            new Case("SELECT id, n FROM t WHERE _segment = ? AND n BETWEEN ? AND ? ORDER BY id, n", true, s -> {
                s.setString(1, "seg-02");
                s.setInt(2, -10);
                s.setInt(3, 40);
            }),
            new Case("SELECT count(*) FROM t WHERE v = ?", false, s -> s.setBytes(1, new byte[] {1, 7})),
            new Case("SELECT grp, count(*) FROM t GROUP BY grp HAVING count(*) > ? ORDER BY grp", true, s -> s.setLong(1, 40)),
            new Case("SELECT count(*) FROM t WHERE n = ? OR grp IS NULL", false, s -> s.setNull(1, Types.BIGINT)),
            new Case("SELECT id FROM t WHERE n > ? AND n < ? ORDER BY id LIMIT 5", true, s -> {
                s.setLong(1, 0);
                s.setLong(2, 3);
            }),
            new Case("SELECT count(*) FROM t WHERE s LIKE ?", false, s -> s.setString(1, "SA%")));

    @Test
    void parametersOfEveryTypeAnswerAsOneSqliteDatabase(@TempDir Path dir) throws Exception {
        OracleDataSet data = OracleDataSet.create(dir, 7, 2000, 99, false);
        try (Connection trough = DriverManager.getConnection("jdbc:trough:file:" + data.directory);
             Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            for (Case c : CASES) {
                List<List<Object>> expected;
                List<List<Object>> actual;
                try (PreparedStatement statement = oracle.prepareStatement(c.sql())) {
                    c.binder().bind(statement);
                    try (ResultSet rows = statement.executeQuery()) {
                        expected = ResultComparison.read(rows);
                    }
                }
                try (PreparedStatement statement = trough.prepareStatement(c.sql())) {
                    c.binder().bind(statement);
                    try (ResultSet rows = statement.executeQuery()) {
                        actual = ResultComparison.read(rows);
                    }
                    // The same statement runs again with other values: nothing of the first run sticks.
                    c.binder().bind(statement);
                    try (ResultSet rows = statement.executeQuery()) {
                        assertNull(ResultComparison.difference(actual, ResultComparison.read(rows), c.ordered(), false), c.sql());
                    }
                }
                assertTrue(!expected.isEmpty(), "the case selects something: " + c.sql());
                assertNull(ResultComparison.difference(expected, actual, c.ordered(), false), c.sql());
            }
        }
    }

    @Test
    void parametersArePushedToTheSegments(@TempDir Path dir) throws Exception {
        OracleDataSet data = OracleDataSet.create(dir, 3, 100, 1, false);
        try (Connection trough = DriverManager.getConnection("jdbc:trough:file:" + data.directory);
             PreparedStatement statement = trough.prepareStatement("EXPLAIN PLAN FOR SELECT count(*) FROM t WHERE n > ? AND grp = ?")) {
            statement.setLong(1, 1);
            statement.setString(2, "a");
            try (ResultSet plan = statement.executeQuery()) {
                assertTrue(plan.next());
                assertTrue(plan.getString(1).contains("WHERE \"n\" > ? AND \"grp\" = ?"), plan.getString(1));
            }
        }
        assertEquals(8, CASES.size());
    }
}
