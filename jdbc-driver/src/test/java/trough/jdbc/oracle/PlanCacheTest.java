package trough.jdbc.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.calcite.prepare.PlanCache;
import trough.core.sqlite.SqliteConnections;
import trough.jdbc.TroughDriver;

/**
 * The driver's plan cache: a query's plan, made on one connection, answers on every connection of the driver
 * over that connection's own segments as they are when it runs, checked against one SQLite database each.
 * Each test has a driver of its own, so that its cache holds only its plans.
 */
class PlanCacheTest {
    private static final List<String> GROUPS = List.of("a", "b", "ä", "日本", "it''s");
    private final TroughDriver driver = new TroughDriver();

    @Test
    void aPlanMadeOverSomeSegmentsAnswersAnotherConnectionOverOthers(@TempDir Path dir) throws Exception {
        OracleDataSet three = dataSet(dir.resolve("three"), 3, 11);
        OracleDataSet eight = dataSet(dir.resolve("eight"), 8, 12);
        RandomQueryGenerator generator = new RandomQueryGenerator(2026);
        PlanCache plans = driver.plans();
        int kept = 0;
        int queries = 400;
        List<String> failures = new ArrayList<>();
        try (Connection onThree = connect(three); Connection onEight = connect(eight);
             Connection oracleThree = SqliteConnections.openReadOnly(three.oracle);
             Connection oracleEight = SqliteConnections.openReadOnly(eight.oracle)) {
            OracleCheck first = new OracleCheck(onThree, oracleThree);
            OracleCheck second = new OracleCheck(onEight, oracleEight);
            for (int i = 0; i < queries; i++) {
                RandomQueryGenerator.RandomQuery query = generator.next();
                long hits = plans.getHitCount();
                long size = plans.getSize();
                OracleCheck.Verdict planned = first.check(query.sql(), query.ordered(), query.mixedKeys(), false);
                boolean keptNow = plans.getSize() > size || plans.getHitCount() > hits;
                hits = plans.getHitCount();
                OracleCheck.Verdict reused = second.check(query.sql(), query.ordered(), query.mixedKeys(), false);
                boolean hit = plans.getHitCount() > hits;
                if (keptNow) kept++;
                if (hit != keptNow) failures.add((keptNow ? "kept but not reused: " : "reused but never kept: ") + query.sql());
                for (OracleCheck.Verdict verdict : List.of(planned, reused)) {
                    if (verdict.outcome() == OracleCheck.Outcome.DIFFERENT || verdict.outcome() == OracleCheck.Outcome.TROUGH_FAILED) {
                        failures.add(verdict.outcome() + " " + query.sql() + "\n    " + verdict.detail());
                    }
                }
            }
        }
        System.out.printf("plan cache: %d of %d random queries kept and reused on a second connection%n", kept, queries);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        // Plans of queries are kept unless they hold Calcite's interpreter: nearly all of these.
        assertTrue(kept * 10 >= queries * 9, kept + " of " + queries + " plans kept");
    }

    @Test
    void textsThatDifferOnlyInTheirComparedValuesShareOnePlanAndAnswerAsSqlite(@TempDir Path dir) throws Exception {
        OracleDataSet data = dataSet(dir, 5, 19);
        List<IntFunction<String>> shapes = List.of(
                i -> "SELECT id, grp, n FROM t WHERE n > " + (i * 5 + 1) + " AND grp <> '" + GROUPS.get(i % GROUPS.size()) + "' ORDER BY id",
                i -> "SELECT grp, count(*), sum(n) FROM t WHERE n BETWEEN " + i * 4 + " AND " + (i * 4 + 20) + " OR s LIKE '" + (char) ('a' + i)
                        + "%' GROUP BY grp ORDER BY grp",
                i -> "SELECT count(*) FROM t WHERE x < " + i + ".5 AND _segment IN ('seg-0" + (i % 5) + "', 'seg-0" + ((i + 2) % 5) + "')",
                i -> "SELECT id FROM t WHERE s = '" + i + "' OR grp = 'b' OR n IN (" + i + ", " + (i + 7) + ") ORDER BY id");
        List<String> failures = new ArrayList<>();
        try (Connection trough = connect(data); Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            OracleCheck check = new OracleCheck(trough, oracle);
            for (IntFunction<String> shape : shapes) {
                for (int i = 0; i < 12; i++) {
                    String text = shape.apply(i);
                    OracleCheck.Verdict verdict = check.check(text, text.contains("ORDER BY"), false, false);
                    if (verdict.outcome() != OracleCheck.Outcome.SAME) failures.add(verdict.outcome() + " " + text + "\n    " + verdict.detail());
                }
            }
        }
        assertEquals(List.of(), failures);
        // A shape's first text is planned as written (a query seen once is planned once); its second plans the
        // template, which the ten texts after it share.
        assertEquals(shapes.size() * 2L, driver.plans().getSize(), "the first text's plan and the template's, per shape");
        assertEquals(shapes.size() * 10L, driver.plans().getHitCount());
    }

    @Test
    void aValueThatDoesNotFitTheSharedPlanIsPlannedAsWritten(@TempDir Path dir) throws Exception {
        OracleDataSet data = dataSet(dir, 3, 20);
        try (Connection trough = connect(data); Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            OracleCheck check = new OracleCheck(trough, oracle);
            // The shared plan compares the INTEGER column n with an integer parameter: a text, a decimal and an
            // integer beyond 32 bits cannot stand for it, and SQLite compares each in its own way.
            for (String value : List.of("7", "'7'", "7.5", "'x'", "3000000000", "-7")) {
                String text = "SELECT id, n FROM t WHERE n = " + value + " OR n > " + value + " ORDER BY id";
                OracleCheck.Verdict verdict = check.check(text, true, false, false);
                assertEquals(OracleCheck.Outcome.SAME, verdict.outcome(), text + "\n" + verdict.detail());
            }
        }
    }

    @Test
    void aPreparedStatementReadsTheSegmentsThatExistWhenItRuns(@TempDir Path dir) throws Exception {
        OracleDataSet data = dataSet(dir, 4, 13);
        try (Connection trough = connect(data); Connection oracle = SqliteConnections.openReadWrite(data.oracle);
             PreparedStatement total = trough.prepareStatement("SELECT count(*), sum(n) FROM t");
             PreparedStatement bySegment = trough.prepareStatement("SELECT count(*) FROM t WHERE _segment = ?")) {
            bySegment.setString(1, "seg-new");
            assertEquals(answer(oracle, "SELECT count(*), sum(n) FROM t"), answer(total));
            assertEquals(List.of(0L), answer(bySegment));

            for (Connection target : List.of(trough, oracle)) {
                try (Statement insert = target.createStatement()) {
                    insert.executeUpdate("INSERT INTO t (id, grp, n, _segment) VALUES (900001, 'new', 41, 'seg-new'), (900002, 'new', 1, 'seg-new')");
                }
            }

            assertEquals(answer(oracle, "SELECT count(*), sum(n) FROM t"), answer(total));
            assertEquals(List.of(2L), answer(bySegment));
            bySegment.setString(1, "seg-00");
            assertEquals(answer(oracle, "SELECT count(*) FROM t WHERE _segment = 'seg-00'"), answer(bySegment));
        }
    }

    @Test
    void aSegmentParameterChoosesTheSegmentsAtEachExecution(@TempDir Path dir) throws Exception {
        OracleDataSet data = dataSet(dir, 6, 14);
        try (Connection trough = connect(data); Connection oracle = SqliteConnections.openReadOnly(data.oracle);
             PreparedStatement statement = trough.prepareStatement(
                     "SELECT _segment, count(*), sum(n) FROM t WHERE _segment IN (?, ?) OR _segment LIKE ? GROUP BY _segment ORDER BY _segment")) {
            List<String> ids = new ArrayList<>(data.segments);
            ids.add("seg-none");
            for (int i = 0; i < ids.size(); i++) {
                String a = ids.get(i);
                String b = ids.get((i + 2) % ids.size());
                String like = i % 2 == 0 ? "SEG-0" + i : "nothing%";
                statement.setString(1, a);
                statement.setString(2, b);
                statement.setString(3, like);
                String oracleSql = "SELECT _segment, count(*), sum(n) FROM t WHERE _segment IN ('" + a + "', '" + b + "') OR _segment LIKE '"
                        + like + "' GROUP BY _segment ORDER BY _segment";
                assertEquals(rows(oracle, oracleSql), rows(statement), a + ", " + b + ", " + like);
            }
        }
    }

    @Test
    void connectionsRunOnePlanAtOnceEachOverItsOwnParameters(@TempDir Path dir) throws Exception {
        OracleDataSet data = dataSet(dir, 5, 15);
        String sql = "SELECT grp, count(*), sum(n), max(s) FROM t WHERE n > ? GROUP BY grp ORDER BY grp";
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (Connection oracle = SqliteConnections.openReadOnly(data.oracle); Connection first = connect(data)) {
            first.prepareStatement(sql).close();
            List<Future<List<String>>> answers = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                answers.add(clients.submit(() -> {
                    List<String> wrong = new ArrayList<>();
                    try (Connection trough = connect(data); PreparedStatement statement = trough.prepareStatement(sql)) {
                        for (int n = -5; n < 60; n += 3) {
                            statement.setInt(1, n);
                            List<List<Object>> expected;
                            synchronized (oracle) {
                                expected = rows(oracle, sql.replace("?", String.valueOf(n)));
                            }
                            List<List<Object>> actual = rows(statement);
                            if (!expected.equals(actual)) wrong.add("n > " + n + ": expected " + expected + ", got " + actual);
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<List<String>> answer : answers) assertEquals(List.of(), answer.get());
        } finally {
            clients.shutdownNow();
        }
        assertEquals(1, driver.plans().getSize(), "five connections preparing one text share one plan");
        assertEquals(4, driver.plans().getHitCount());
    }

    @Test
    void connectionsThatSendOneTextTogetherPlanItOnce(@TempDir Path dir) throws Exception {
        OracleDataSet data = dataSet(dir, 4, 21);
        String sql = "SELECT grp, count(*), sum(n), max(s) FROM t WHERE s LIKE 'a%' OR n > 40 GROUP BY grp ORDER BY 2 DESC, grp";
        int clients = 6;
        CyclicBarrier together = new CyclicBarrier(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Connection> connections = new ArrayList<>();
        try (Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            for (int c = 0; c < clients; c++) connections.add(connect(data));
            List<List<Object>> expected = rows(oracle, sql);
            List<Future<List<List<Object>>>> answers = new ArrayList<>();
            for (Connection connection : connections) {
                answers.add(pool.submit(() -> {
                    together.await();
                    return rows(connection, sql);
                }));
            }
            for (Future<List<List<Object>>> answer : answers) assertEquals(expected, answer.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
            for (Connection connection : connections) connection.close();
        }
        assertEquals(1, driver.plans().getMissCount(), "one connection planned the text; the others waited for its plan");
        assertEquals(clients - 1, driver.plans().getHitCount());
    }

    @Test
    void statementsThatChangeOrDescribeThingsAreNeverKept(@TempDir Path dir) throws Exception {
        OracleDataSet data = dataSet(dir, 3, 16);
        try (Connection trough = connect(data); Statement statement = trough.createStatement()) {
            for (int i = 0; i < 2; i++) {
                statement.executeUpdate("INSERT INTO t (id, grp, _segment) VALUES (" + (700000 + i) + ", 'twice', 'seg-00')");
                try (ResultSet plan = statement.executeQuery("EXPLAIN PLAN FOR SELECT count(*) FROM t")) {
                    assertTrue(plan.next());
                }
            }
            assertEquals(List.of(2L), answer(trough, "SELECT count(*) FROM t WHERE grp = 'twice'"));
        }
        assertEquals(1, driver.plans().getSize(), "only the SELECT's plan is kept");
    }

    @Test
    void aTableWhoseColumnsChangedIsPlannedAgain(@TempDir Path dir) throws Exception {
        OracleDataSet data = dataSet(dir, 3, 17);
        String sql = "SELECT * FROM t WHERE n > 10 ORDER BY id LIMIT 5";
        List<String> before;
        try (Connection trough = connect(data)) {
            before = columns(trough, sql);
        }
        try (Connection file = SqliteConnections.openReadWrite(data.directory.resolve("seg-09.sqlite")); Statement ddl = file.createStatement()) {
            ddl.executeUpdate(OracleDataSet.T_DDL.replace(")", ", added TEXT)"));
        }
        try (Connection trough = connect(data)) {
            List<String> after = columns(trough, sql);
            assertNotEquals(before, after);
            assertEquals("added", after.get(after.size() - 1).toLowerCase());
        }
        assertEquals(0, driver.plans().getHitCount(), "the second connection's tables differ: it planned again");
        assertEquals(2, driver.plans().getMissCount());
    }

    @Test
    void theHitRateIsVisibleThroughJmx(@TempDir Path dir) throws Exception {
        OracleDataSet data = dataSet(dir, 2, 18);
        try (Connection trough = connect(data)) {
            for (int i = 0; i < 3; i++) answer(trough, "SELECT count(*) FROM t");
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName bean = driver.planCacheBean();
        assertTrue(server.queryNames(new ObjectName("trough.jdbc:type=PlanCache,*"), null).contains(bean), bean.toString());
        assertEquals(2L, server.getAttribute(bean, "HitCount"));
        assertEquals(1L, server.getAttribute(bean, "MissCount"));
        assertEquals(2.0 / 3, (Double) server.getAttribute(bean, "HitRate"), 1e-9);
        assertEquals(1L, server.getAttribute(bean, "Size"));
    }

    private Connection connect(OracleDataSet data) throws SQLException {
        return driver.connect("jdbc:trough:file:" + data.directory, new Properties());
    }

    private static OracleDataSet dataSet(Path dir, int segments, long seed) throws SQLException {
        OracleDataSet data = OracleDataSet.create(dir, segments, 300, seed, false);
        SmallTables.addLogicTables(data, 30, seed);
        return data;
    }

    private static List<String> columns(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) names.add(rows.getMetaData().getColumnLabel(i));
            return names;
        }
    }

    private static List<Object> answer(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return firstRow(rows);
        }
    }

    private static List<Object> answer(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return firstRow(rows);
        }
    }

    private static List<Object> firstRow(ResultSet rows) throws SQLException {
        assertTrue(rows.next());
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) row.add(rows.getObject(i) instanceof Number n ? (Object) n.longValue() : rows.getObject(i));
        return row;
    }

    private static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return ResultComparison.read(rows);
        }
    }

    private static List<List<Object>> rows(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return ResultComparison.read(rows);
        }
    }
}
