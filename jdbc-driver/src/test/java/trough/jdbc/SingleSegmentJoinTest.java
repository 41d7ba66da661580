package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/** A join restricted to one segment is sent to that segment whole; over several it runs on the client. */
class SingleSegmentJoinTest {
    @TempDir
    Path dir;

    @Test
    void aJoinWithinOneSegmentIsOneFragment() throws Exception {
        for (String segment : new String[] {"s1", "s2"}) {
            try (Connection file = SqliteConnections.openReadWrite(dir.resolve(segment + ".sqlite")); Statement ddl = file.createStatement()) {
                ddl.executeUpdate("CREATE TABLE pages (url TEXT, host TEXT)");
                ddl.executeUpdate("CREATE TABLE links (source TEXT, target TEXT)");
            }
        }
        try (Connection connection = DriverManager.getConnection("jdbc:trough:file:" + dir); Statement statement = connection.createStatement()) {
            String pushed = plan(statement, "SELECT p.host, count(*) FROM pages p JOIN links l ON p.url = l.source "
                    + "WHERE p._segment = 's1' AND l._segment = 's1' GROUP BY p.host");
            assertTrue(pushed.startsWith("TroughToEnumerableConverter(segments=[1]"), pushed);
            assertTrue(pushed.contains("INNER JOIN") && pushed.contains("TroughJoin("), pushed);

            String across = plan(statement, "SELECT p.host, count(*) FROM pages p JOIN links l ON p.url = l.source "
                    + "WHERE p._segment = 's1' AND l._segment = 's2' GROUP BY p.host");
            assertFalse(across.contains("TroughJoin("), "two segments: the join runs on the client\\n" + across);
        }
    }

    private static String plan(Statement statement, String sql) throws Exception {
        try (ResultSet rows = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
