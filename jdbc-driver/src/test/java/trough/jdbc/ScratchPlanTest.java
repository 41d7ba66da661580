package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/**
 * How a query that runs on the client's SQLite reads its tables, as EXPLAIN shows it: only the segments its
 * {@code _segment} conditions allow, only the columns it names, and only the rows its conditions on one
 * table keep (sent in the user's own words); then the statement itself, unchanged.
 */
class ScratchPlanTest {
    @TempDir
    Path dir;

    @BeforeEach
    void twoSegments() throws Exception {
        for (String segment : new String[] {"s1", "s2"}) {
            try (Connection file = SqliteConnections.openReadWrite(dir.resolve(segment + ".sqlite")); Statement ddl = file.createStatement()) {
                ddl.executeUpdate("CREATE TABLE pages (url TEXT, host TEXT, size INTEGER, body TEXT)");
                ddl.executeUpdate("CREATE TABLE links (source TEXT, target TEXT)");
            }
        }
    }

    @Test
    void aJoinReadsOnlyTheSegmentsItsSegmentConditionsAllow() throws Exception {
        String sql = "SELECT p.host, count(*) FROM pages p JOIN links l ON p.url = l.source "
                + "WHERE p._segment = 's1' AND l._segment = 's2' GROUP BY p.host";
        String plan = plan(sql);
        assertTrue(plan.startsWith("ScratchQuery("), plan);
        assertTrue(plan.contains("fetch main.pages from 1 of 2 segment(s)"), plan);
        assertTrue(plan.contains("fetch main.links from 1 of 2 segment(s)"), plan);
        assertTrue(plan.endsWith("then: " + sql), "the statement runs on the client as written\n" + plan);
    }

    @Test
    void conditionsOnOneTableRunOnItsSegmentsAsWrittenAndUnusedColumnsStayThere() throws Exception {
        String plan = plan("SELECT p.host FROM pages p, links l WHERE p.url = l.source AND p.size BETWEEN 0.06 - 0.01 AND 0.06 + 0.01 "
                + "AND l.target LIKE 'x%' AND (p.size > (SELECT 10) OR p.host = 'a')");
        assertTrue(plan.contains("WHERE ((\"size\" BETWEEN 0.06 - 0.01 AND 0.06 + 0.01))"), "the user's text, not a folded constant\n" + plan);
        assertTrue(plan.contains("WHERE ((\"target\" LIKE 'x%'))"), plan);
        assertTrue(!plan.contains("\"host\" = 'a'"), "a condition holding a subquery runs on the client only\n" + plan);
        assertTrue(!plan.contains("\"body\""), "a column the query never names is not fetched\n" + plan);
    }

    @Test
    void theNullSuppliedSideOfAnOuterJoinIsNotFilteredByTheWhereClause() throws Exception {
        String plan = plan("SELECT p.url, l.target FROM pages p LEFT JOIN links l ON p.url = l.source AND l.target <> 'z' "
                + "WHERE l.target IS NULL AND p.host = 'a'");
        assertTrue(plan.contains("WHERE ((\"target\" <> 'z'))"), "the ON condition filters the null-supplying side\n" + plan);
        assertTrue(!plan.contains("\"target\" IS NULL"), "the WHERE condition cannot: it keeps unmatched rows\n" + plan);
        assertTrue(plan.contains("WHERE ((\"host\" = 'a'))"), "the preserved side is filtered by WHERE\n" + plan);
    }

    @Test
    void statementsThatWouldTouchAFileAreNeverRunOnTheClientsSqlite() throws Exception {
        java.nio.file.Path target = dir.resolve("stolen.sqlite");
        try (Connection connection = DriverManager.getConnection("jdbc:trough:file:" + dir); Statement statement = connection.createStatement()) {
            for (String sql : new String[] {"VACUUM INTO '" + target + "'", "ATTACH '" + target + "' AS stolen",
                    "SELECT 1; VACUUM INTO '" + target + "'"}) {
                try {
                    statement.execute(sql);
                } catch (java.sql.SQLException refused) {
                    // refused, as it should be; what matters is that no file appeared
                }
                assertTrue(!java.nio.file.Files.exists(target), sql + " wrote " + target);
            }
        }
    }

    private String plan(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:trough:file:" + dir);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
            assertTrue(rows.next());
            return rows.getString(1);
        }
    }
}
