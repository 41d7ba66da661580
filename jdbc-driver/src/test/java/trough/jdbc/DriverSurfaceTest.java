package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/** What a JDBC tool sees: URLs, properties, the hidden {@code _segment} column, metadata, EXPLAIN. */
class DriverSurfaceTest {
    @TempDir
    static Path dir;
    static String url;

    @BeforeAll
    static void segments() throws SQLException {
        for (int s = 0; s < 4; s++) {
            try (Connection c = SqliteConnections.openReadWrite(dir.resolve("job-" + s + ".sqlite")); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE fetches (url TEXT PRIMARY KEY, status INTEGER, size INTEGER, score REAL, raw BLOB)");
                st.executeUpdate("INSERT INTO fetches VALUES ('u" + s + "a', 200, 10, 0.5, x'00'), ('u" + s + "b', 404, 20, NULL, NULL)");
            }
        }
        url = "jdbc:trough:file:" + dir;
    }

    @Test
    void theDriverIsFoundByUrlAndAcceptsOnlyTroughUrls() throws SQLException {
        Driver driver = DriverManager.getDriver(url);
        assertInstanceOf(TroughDriver.class, driver);
        assertTrue(driver.acceptsURL("jdbc:trough://host:6444"));
        assertFalse(driver.acceptsURL("jdbc:sqlite:x.db"));
        List<String> keys = new ArrayList<>();
        for (DriverPropertyInfo info : driver.getPropertyInfo(url, new Properties())) keys.add(info.name);
        assertEquals(List.of("schema", "segments", "user", "password", "token", "ssl", "sslTrustStore", "sslTrustStorePassword", "sslRootCert",
                "sslVerification", "connectTimeout", "queryTimeout", "maxConcurrency", "fetchSize"), keys);
    }

    @Test
    void aBadPropertyValueIsRefused() {
        Properties properties = new Properties();
        properties.setProperty("maxConcurrency", "zero");
        SQLException bad = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, properties));
        assertTrue(bad.getMessage().contains("maxConcurrency must be a positive whole number"), bad.getMessage());
    }

    @Test
    void aMissingDirectoryIsAClearError() {
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:trough:file:" + dir.resolve("nope")));
        assertTrue(e.getMessage().contains("no directory of segment files"), e.getMessage());
    }

    @Test
    void segmentIsHiddenFromStarButAnsweredWhenNamed() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT * FROM fetches")) {
                ResultSetMetaData meta = rows.getMetaData();
                assertEquals(5, meta.getColumnCount());
                for (int i = 1; i <= 5; i++) assertFalse(meta.getColumnName(i).equalsIgnoreCase("_segment"));
            }
            try (ResultSet rows = statement.executeQuery("SELECT _segment, url FROM fetches WHERE _segment = 'job-2' ORDER BY url")) {
                assertTrue(rows.next());
                assertEquals("job-2", rows.getString(1));
                assertEquals("u2a", rows.getString(2));
            }
        }
    }

    @Test
    void resultTypesMatchTheValues() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT url, status, score, raw, count(*) OVER () AS n FROM fetches WHERE status = 200 ORDER BY url")) {
            ResultSetMetaData meta = rows.getMetaData();
            assertEquals(Types.VARCHAR, meta.getColumnType(1));
            assertEquals(Types.BIGINT, meta.getColumnType(2));
            assertEquals(Types.DOUBLE, meta.getColumnType(3));
            assertTrue(rows.next());
            assertInstanceOf(String.class, rows.getObject(1));
            assertInstanceOf(Long.class, rows.getObject(2));
            assertInstanceOf(Double.class, rows.getObject(3));
            assertInstanceOf(byte[].class, rows.getObject(4));
            assertEquals(4L, rows.getLong(5));
        }
    }

    @Test
    void metadataListsTablesAndColumnsWithSegment() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            DatabaseMetaData meta = connection.getMetaData();
            assertEquals("Trough", meta.getDatabaseProductName());
            try (ResultSet tables = meta.getTables(null, "main", "fetc%", null)) {
                assertTrue(tables.next());
                assertEquals("fetches", tables.getString("TABLE_NAME"));
                assertFalse(tables.next());
            }
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = meta.getColumns(null, "main", "fetches", null)) {
                while (rows.next()) columns.add(rows.getString("COLUMN_NAME"));
            }
            assertEquals(List.of("url", "status", "size", "score", "raw", "_segment"), columns);
        }
    }

    @Test
    void explainOfAPlanOfTheFanOutIsPlannedOnceAndCompilesNothing() throws SQLException {
        String query = "SELECT status, count(*) FROM fetches WHERE _segment IN ('job-0', 'job-2') AND size > 5 GROUP BY status";
        AtomicInteger compiled = new AtomicInteger();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             Hook.Closeable ignored = Hook.PLAN_BEFORE_IMPLEMENTATION.addThread((RelRoot root) -> compiled.incrementAndGet())) {
            assertTrue(firstString(statement, "EXPLAIN PLAN FOR " + query).contains("segments=[2]"));
            assertEquals(0, compiled.get(), "EXPLAIN had a plan implemented");
            // The same query run is implemented once, so the count above can tell.
            firstString(statement, query);
            assertEquals(1, compiled.get());
        }
    }

    @Test
    void explainTakesCalcitesFormatsAndDepthsForAPlanOfTheFanOut() throws SQLException {
        String query = "SELECT status, count(*) FROM fetches WHERE _segment IN ('job-1', 'job-3') GROUP BY status";
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            String json = firstString(statement, "EXPLAIN PLAN AS JSON FOR " + query);
            assertTrue(json.startsWith("{") && json.contains("\"relOp\": \"trough.calcite.rel.TroughToEnumerableConverter\""), json);
            assertTrue(json.contains("\"segments\": 2"), json);
            String all = firstString(statement, "EXPLAIN PLAN INCLUDING ALL ATTRIBUTES FOR " + query);
            assertTrue(all.contains("segments=[2]") && all.contains("cumulative cost"), all);
            // The logical plan, before Trough's rules: Calcite's own, with no fan-out in it yet.
            String logical = firstString(statement, "EXPLAIN PLAN WITHOUT IMPLEMENTATION FOR " + query);
            assertTrue(logical.startsWith("LogicalAggregate(group=[{0}]") && !logical.contains("TroughToEnumerableConverter"), logical);
        }
    }

    private static String firstString(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next());
            return rows.getString(1);
        }
    }

    @Test
    void explainShowsTheFragmentAndHowManySegmentsItReaches() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("EXPLAIN PLAN FOR SELECT status, count(*) FROM fetches "
                     + "WHERE _segment IN ('job-1', 'job-3') GROUP BY status")) {
            assertTrue(rows.next());
            String plan = rows.getString(1);
            assertTrue(plan.contains("segments=[2]"), plan);
            // The planner's rule marks the condition on _segment as the scan's pruning condition.
            assertTrue(plan.contains("TroughTableScan(table=[[main, fetches]], pruning=[[SEARCH($5, Sarg['job-1':VARCHAR, 'job-3':VARCHAR]"), plan);
            assertTrue(plan.contains("GROUP BY \"status\""), plan);
            assertTrue(plan.contains("merge=[SELECT \"p$0\" AS \"status\", SUM(\"p$1\")"), plan);
        }
    }

    @Test
    void onlyConditionsOnTheSegmentColumnPruneAndTheyStillRunInSql() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            String plan = plan(statement, "SELECT count(*) FROM fetches WHERE status = 200 AND _segment >= 'job-1' AND _segment < 'job-2'");
            assertTrue(plan.contains("segments=[1]"), plan);
            assertTrue(plan.contains("pruning=[[SEARCH($5, Sarg[['job-1'..'job-2')]"), plan);
            assertTrue(plan.contains("WHERE \"status\" = 200"), "the other condition runs on the segments, not in pruning: " + plan);
            String unprunable = plan(statement, "SELECT count(*) FROM fetches WHERE status = 200 OR _segment = 'job-1'");
            assertTrue(unprunable.contains("segments=[4]"), "an OR with another column keeps every segment: " + unprunable);
            String none = plan(statement, "SELECT count(*) FROM fetches WHERE status = 200");
            assertTrue(!none.contains("pruning="), none);
        }
    }

    @Test
    void aConditionOnTheSegmentCastToAnotherTypeDoesNotPruneByItsText() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             PreparedStatement cast = connection.prepareStatement("SELECT count(*) FROM fetches WHERE CAST(_segment AS INTEGER) = ?")) {
            // In SQLite every 'job-N' cast to an integer is 0: the condition holds on every segment, though no id reads '0'.
            cast.setString(1, "0");
            List<String> counted = new ArrayList<>();
            try (ResultSet rows = cast.executeQuery()) {
                while (rows.next()) counted.add(rows.getString(1));
            }
            assertEquals(rows(statement, "SELECT count(*) FROM fetches"), counted);
        }
    }

    @Test
    void aStatementNamingOneSegmentRunsWholeThereAndAnswersAsTheSplitPlanDoes() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            String named = "SELECT status, count(*), sum(size) FROM fetches WHERE _segment = 'job-1' AND size > 0 GROUP BY status ORDER BY status";
            String plan = plan(statement, named);
            assertTrue(plan.startsWith("ScratchQuery(runs whole on segment job-1"), plan);
            // The same rows chosen by a range on _segment take Calcite's split plan: both must answer alike.
            String ranged = named.replace("_segment = 'job-1'", "_segment >= 'job-1' AND _segment < 'job-2'");
            assertTrue(plan(statement, ranged).contains("segments=[1]"), plan(statement, ranged));
            List<String> answer = rows(statement, named);
            assertFalse(answer.isEmpty());
            assertEquals(rows(statement, ranged), answer);
            try (PreparedStatement bound = connection.prepareStatement("SELECT count(*) FROM fetches WHERE _segment = ?")) {
                for (String segment : List.of("job-1", "job-2", "nowhere")) {
                    bound.setString(1, segment);
                    List<String> counted = new ArrayList<>();
                    try (ResultSet rows = bound.executeQuery()) {
                        while (rows.next()) counted.add(rows.getString(1));
                    }
                    assertEquals(rows(statement, "SELECT count(*) FROM fetches WHERE _segment >= '" + segment + "' AND _segment <= '" + segment + "'"),
                            counted, segment);
                }
            }
        }
    }

    private static List<String> rows(Statement statement, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                StringJoiner row = new StringJoiner("|");
                for (int i = 1; i <= columns; i++) row.add(result.getString(i));
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private static String plan(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
            assertTrue(rows.next());
            return rows.getString(1);
        }
    }

    @Test
    void wrongSqlIsAClearError() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT nope FROM fetches"));
            assertTrue(e.getMessage().contains("Column 'nope' not found"), e.getMessage());
        }
    }
}
