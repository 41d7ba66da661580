package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.jdbc.oracle.OracleDataSet;

/** The {@code segments} property: a connection whose tables span only the segments it names. */
class ChosenSegmentsTest {
    @Test
    void tablesSpanOnlyTheChosenSegments(@TempDir Path dir) throws Exception {
        OracleDataSet data = OracleDataSet.create(dir, 5, 500, 3, true);
        String url = "jdbc:trough:file:" + data.directory;
        Properties chosen = new Properties();
        chosen.setProperty("segments", "seg-01, seg-03");
        try (Connection all = DriverManager.getConnection(url); Connection some = DriverManager.getConnection(url, chosen)) {
            long expected = count(all, "SELECT count(*) FROM t WHERE _segment IN ('seg-01', 'seg-03')");
            assertTrue(expected > 0 && expected < count(all, "SELECT count(*) FROM t"));
            assertEquals(expected, count(some, "SELECT count(*) FROM t"));
            assertEquals(0, count(some, "SELECT count(*) FROM t WHERE _segment = 'seg-00'"));
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
