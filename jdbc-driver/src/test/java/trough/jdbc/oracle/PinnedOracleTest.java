package trough.jdbc.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/**
 * A statement whose every table reference is pinned to one segment runs whole on that segment, and answers
 * as one SQLite database holding all rows does ({@link PinnedStatements}' families over 6 segment files, one
 * empty, two of them with table u, the segment a literal or a parameter); one not pinned to a single segment
 * fetches its tables to the client, and answers alike.
 */
public class PinnedOracleTest {
    private static final int CASES = 840;

    @TempDir
    static Path dir;
    static OracleDataSet data;
    static String url;

    @BeforeAll
    static void data() throws SQLException {
        data = OracleDataSet.create(dir, 6, 600, 23, false);
        SmallTables.addLogicTables(data, 60, 29);
        url = "jdbc:trough:file:" + data.directory;
    }

    @Test
    void pinnedStatementsAnswerAsOneSqliteDatabase() throws Exception {
        assertSameAnswers(url, data, Set.of("t", "u", "tab0", "tab1", "tab2"), CASES, 31);
    }

    /**
     * Checks {@code count} cases over {@code tables} against the oracle through {@code url}, and that EXPLAIN shows each running
     * whole on its segment exactly when it is pinned there and the segment has every table it reads.
     */
    public static void assertSameAnswers(String url, OracleDataSet data, Set<String> tables, int count, long seed) throws Exception {
        List<String> failures = new ArrayList<>();
        int onSegment = 0;
        int fetched = 0;
        try (Connection trough = DriverManager.getConnection(url); Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            for (PinnedStatements.Case check : PinnedStatements.generate(data.segments, tables, count, seed)) {
                String difference = PinnedStatements.difference(trough, oracle, check);
                if (difference != null) failures.add(check.family().name() + ": " + check.sql() + " " + check.parameters() + "\n  " + difference);
                String plan = PinnedStatements.plan(trough, check);
                boolean whole = plan.startsWith("ScratchQuery(runs whole on segment " + check.segment() + ",");
                boolean expected = check.pinned() && hasTables(data, check.segment(), check.family().tables());
                if (whole != expected) {
                    failures.add(check.family().name() + ": expected to run " + (expected ? "whole on " + check.segment() : "on the client")
                            + ": " + check.sql() + "\n" + plan);
                }
                if (whole) onSegment++;
                else fetched++;
            }
        }
        System.out.printf("%d pinned-statement cases: %d ran whole on a segment, %d fetched their tables%n", count, onSegment, fetched);
        assertTrue(failures.isEmpty(), failures.size() + " of " + count + " cases failed; the first:\n"
                + String.join("\n", failures.subList(0, Math.min(5, failures.size()))));
        assertTrue(onSegment > count / 3 && fetched > count / 10, "the cases must exercise both ways: " + onSegment + " whole on a segment, "
                + fetched + " fetched");
    }

    private static boolean hasTables(OracleDataSet data, String segment, List<String> tables) throws SQLException {
        if (!data.segments.contains(segment)) return false;
        Set<String> present = new HashSet<>();
        try (Connection file = SqliteConnections.openReadOnly(data.directory.resolve(segment + ".sqlite"))) {
            SqliteConnections.tableNames(file).forEach(name -> present.add(name.toLowerCase(Locale.ROOT)));
        }
        return present.containsAll(tables);
    }

    @Test
    void aParameterChoosingOneSegmentRunsTheStatementThere() throws Exception {
        try (Connection trough = DriverManager.getConnection(url)) {
            String plan = plan(trough, "EXPLAIN PLAN FOR SELECT a.id, b.label FROM t a JOIN u b ON a.n = b.k WHERE a._segment = ? AND b._segment = ?");
            assertTrue(plan.contains("or, when the parameters choose one segment for every table: runs whole on that segment"), plan);
        }
    }

    @Test
    void theStatementSentToTheSegmentKeepsSegmentColumnAsTextAndReadsMainTables() throws Exception {
        try (Connection trough = DriverManager.getConnection(url)) {
            String plan = plan(trough, "EXPLAIN PLAN FOR SELECT a.id, b._segment FROM t a LEFT JOIN u b ON a.n = b.k AND b._segment = 'seg-03' "
                    + "WHERE a._segment = 'seg-03'");
            assertTrue(plan.startsWith("ScratchQuery(runs whole on segment seg-03,"), plan);
            assertTrue(plan.contains("FROM (SELECT \"id\", \"grp\", \"n\", \"x\", \"v\", \"s\", CAST('seg-03' AS TEXT) AS \"_segment\" FROM main.\"t\") a "
                    + "LEFT JOIN (SELECT \"k\", \"label\", CAST('seg-03' AS TEXT) AS \"_segment\" FROM main.\"u\") b ON"), plan);
        }
    }

    @Test
    void whatOnlyTheClientHasKeepsTheStatementThere() throws Exception {
        try (Connection trough = DriverManager.getConnection(url)) {
            // SQLite's schema table answers differently on a segment: the statement runs on the client.
            String plan = plan(trough, "EXPLAIN PLAN FOR SELECT a.id, (SELECT count(*) FROM sqlite_schema) FROM t a JOIN u b ON a.n = b.k "
                    + "WHERE a._segment = 'seg-03' AND b._segment = 'seg-03'");
            assertTrue(plan.startsWith("ScratchQuery(runs on the client's SQLite"), plan);
        }
    }

    @Test
    void aPinnedStatementWithWrongSqlIsAClearError() throws Exception {
        try (Connection trough = DriverManager.getConnection(url); var statement = trough.createStatement()) {
            SQLException error = assertThrows(SQLException.class, () -> statement.executeQuery(
                    "SELECT a.nope FROM t a JOIN u b ON a.n = b.k WHERE a._segment = 'seg-03' AND b._segment = 'seg-03'"));
            assertTrue(error.getMessage().contains("nope"), error.getMessage());
        }
    }

    @Test
    void aColumnItsSegmentLacksIsNullAsWhenFetched(@TempDir Path files) throws Exception {
        // Schemas evolve: the older segment has no column "size". One database holding both reads it as NULL there.
        try (Connection old = SqliteConnections.openReadWrite(files.resolve("old.sqlite")); var ddl = old.createStatement()) {
            ddl.executeUpdate("CREATE TABLE page (url TEXT, host TEXT)");
            ddl.executeUpdate("INSERT INTO page VALUES ('a', 'h1'), ('b', 'h1'), ('c', 'h2')");
        }
        try (Connection recent = SqliteConnections.openReadWrite(files.resolve("new.sqlite")); var ddl = recent.createStatement()) {
            ddl.executeUpdate("CREATE TABLE page (url TEXT, host TEXT, size INTEGER)");
            ddl.executeUpdate("INSERT INTO page VALUES ('d', 'h1', 10)");
        }
        String sql = "SELECT p.url, q.url, p.size, coalesce(q.size, -1), p._segment FROM page p JOIN page q ON p.host = q.host AND p.url < q.url "
                + "WHERE p._segment = ? AND q._segment = ? ORDER BY 1, 2";
        try (Connection trough = DriverManager.getConnection("jdbc:trough:file:" + files); var statement = trough.prepareStatement(sql)) {
            assertTrue(plan(trough, "EXPLAIN PLAN FOR " + sql.replace("?", "'old'")).contains("NULL AS \"size\""), "the segment sends NULL for it");
            statement.setString(1, "old");
            statement.setString(2, "old");
            try (var rows = statement.executeQuery()) {
                List<List<Object>> expected = List.of(java.util.Arrays.asList("a", "b", null, -1L, "old"));
                assertEquals(null, ResultComparison.difference(expected, ResultComparison.read(rows), true, false));
            }
        }
    }

    private static String plan(Connection trough, String explain) throws SQLException {
        try (var statement = trough.createStatement(); var rows = statement.executeQuery(explain)) {
            StringBuilder plan = new StringBuilder();
            while (rows.next()) plan.append(rows.getString(1)).append('\n');
            return plan.toString();
        }
    }
}
