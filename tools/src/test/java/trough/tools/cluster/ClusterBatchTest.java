package trough.tools.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;
import trough.jdbc.oracle.OracleDataSet;

/**
 * A JDBC batch through {@code jdbc:trough://}: its rows travel to the worker as values and are bound there
 * ({@code statementRows}); what the segment stores is checked against sqlite-jdbc binding the same values into
 * one SQLite file, for every type a batch may carry, into columns of every affinity.
 */
class ClusterBatchTest {
    private static final Object[] VALUES = {42L, "17", "text", "it's", 2.5, 3.0f, 1.1f, true, false, null, new BigDecimal("12.50"),
            new BigDecimal("12"), new BigDecimal("123456789012345678901234567890"), (short) 7, (byte) -3, 9, new byte[] {1, 0, 2}, new byte[0],
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -0.0, Long.MIN_VALUE, 1e-300, "日本"};

    @Test
    void aBatchStoresWhatSqliteItselfStores(@TempDir Path dir) throws Exception {
        try (OracleCluster cluster = OracleCluster.start(dir, 2, 10, 5);
             Connection trough = DriverManager.getConnection(cluster.url);
             PreparedStatement batch = trough.prepareStatement("INSERT INTO t (_segment, id, n, x, v, s) VALUES (?, ?, ?, ?, ?, ?)");
             Connection sqlite = SqliteConnections.openReadWrite(dir.resolve("oracle.sqlite"))) {
            try (Statement ddl = sqlite.createStatement()) {
                ddl.execute(OracleDataSet.T_DDL);
            }
            try (PreparedStatement oracle = sqlite.prepareStatement("INSERT INTO t (id, n, x, v, s) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < VALUES.length; i++) {
                    batch.setString(1, "batch-new");
                    batch.setInt(2, i);
                    oracle.setInt(1, i);
                    for (int column = 0; column < 4; column++) {
                        batch.setObject(3 + column, VALUES[i]);
                        oracle.setObject(2 + column, asSqliteReadsIt(VALUES[i]));
                    }
                    batch.addBatch();
                    oracle.executeUpdate();
                }
            }
            assertEquals(VALUES.length, batch.executeBatch().length);
            try (Connection written = SqliteConnections.openReadOnly(cluster.data.directory.resolve("batch-new.sqlite"))) {
                assertEquals(stored(sqlite), stored(written));
            }
        }
    }

    @Test
    void aBatchLargerThanAWorkersBodyLimitGoesInSeveralRequests(@TempDir Path dir) throws Exception {
        String text = "x".repeat(3000);
        int rows = 8000; // about 24 MB of values for one segment: beyond the worker's 16 MiB limit on a request's body
        try (OracleCluster cluster = OracleCluster.start(dir, 2, 10, 5);
             Connection trough = DriverManager.getConnection(cluster.url);
             PreparedStatement batch = trough.prepareStatement("INSERT INTO t (_segment, id, s) VALUES (?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                batch.setString(1, "big");
                batch.setInt(2, i);
                batch.setString(3, text + i);
                batch.addBatch();
            }
            int[] counts = batch.executeBatch();
            assertEquals(rows, counts.length);
            assertEquals(rows, java.util.Arrays.stream(counts).filter(count -> count == 1).count(), "every row acknowledged");
            try (Connection written = SqliteConnections.openReadOnly(cluster.data.directory.resolve("big.sqlite"));
                 Statement statement = written.createStatement();
                 ResultSet stored = statement.executeQuery("SELECT count(*), sum(s = '" + text + "' || id) FROM t")) {
                assertEquals(rows, stored.getLong(1));
                assertEquals(rows, stored.getLong(2), "each row holds what was set");
            }
        }
    }

    @Test
    void aBatchOverManyNewSegmentsIsWrittenToThemAllAtOnce(@TempDir Path dir) throws Exception {
        int segments = 20;
        try (OracleCluster cluster = OracleCluster.start(dir, 2, 10, 5);
             Connection trough = DriverManager.getConnection(cluster.url);
             PreparedStatement batch = trough.prepareStatement("INSERT INTO t (_segment, id, n) VALUES (?, ?, ?)")) {
            for (int i = 0; i < 4000; i++) {
                batch.setString(1, "spread-" + i % segments);
                batch.setInt(2, i);
                batch.setInt(3, i % segments);
                batch.addBatch();
            }
            assertEquals(4000, java.util.Arrays.stream(batch.executeBatch()).filter(count -> count == 1).count());
            for (int s = 0; s < segments; s++) {
                try (Connection written = SqliteConnections.openReadOnly(cluster.data.directory.resolve("spread-" + s + ".sqlite"));
                     Statement statement = written.createStatement();
                     ResultSet stored = statement.executeQuery("SELECT count(*), min(n), max(n) FROM t")) {
                    assertEquals(200, stored.getLong(1), "segment spread-" + s);
                    assertEquals(s, stored.getLong(2));
                    assertEquals(s, stored.getLong(3));
                }
            }
        }
    }

    /**
     * Two types sqlite-jdbc binds as text, where a JDBC application means a number: a decimal is stored as SQLite
     * reads the same number written in SQL (whole: an integer, else a real), a byte as the integer it is.
     */
    private static Object asSqliteReadsIt(Object value) {
        if (value instanceof BigDecimal d) return d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
        if (value instanceof Byte b) return b.intValue();
        return value;
    }

    private static String stored(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT group_concat(id || ' ' || typeof(n) || quote(n) || ' ' || typeof(x) || quote(x) || ' ' "
                     + "|| typeof(v) || quote(v) || ' ' || typeof(s) || quote(s), char(10)) FROM (SELECT * FROM t ORDER BY id)")) {
            return rows.getString(1);
        }
    }
}
