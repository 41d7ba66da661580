package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/**
 * In file mode, a query's timeout and Statement.cancel stop the work SQLite does on the client (a join of
 * billions of rows here), not only the reading of segments. Left alone, each query would run for hours: the
 * class timeout is what fails if they do not stop.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientWorkCancelTest {
    static final String SLOW_ON_CLIENT = "SELECT count(*) FROM t a, t b, t c WHERE a.id + b.id + c.id <> -1";

    @TempDir
    static Path dir;
    static String url;

    @BeforeAll
    static void segments() throws SQLException {
        for (String segment : new String[] {"s1", "s2"}) {
            try (Connection file = SqliteConnections.openReadWrite(dir.resolve(segment + ".sqlite")); Statement ddl = file.createStatement()) {
                ddl.executeUpdate("CREATE TABLE t (id INTEGER)");
                file.setAutoCommit(false);
                try (PreparedStatement insert = file.prepareStatement("INSERT INTO t VALUES (?)")) {
                    for (int i = 0; i < 2000; i++) {
                        insert.setInt(1, i);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                file.commit();
            }
        }
        url = "jdbc:trough:file:" + dir;
    }

    @Test
    void aQueryTimeoutStopsTheClientsWorkAndSaysSo() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery(SLOW_ON_CLIENT).next());
            assertTrue(e instanceof SQLTimeoutException && "HYT00".equals(e.getSQLState()), e.getSQLState() + " " + e.getMessage());
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            statement.setQueryTimeout(0);
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM t a JOIN t b ON a.id = b.id")) {
                assertTrue(rows.next());
                assertEquals(4 * 2000, rows.getLong(1), "the connection answers the next query");
            }
        }
    }

    @Test
    void cancelStopsTheClientsWorkAndSaysSo() throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> {
                try (ResultSet rows = statement.executeQuery(SLOW_ON_CLIENT)) {
                    rows.next();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Thread.sleep(1500);
            statement.cancel();
            SQLException e = running.get();
            assertNotNull(e, "a cancelled query does not answer");
            assertEquals("57014", e.getSQLState(), e.getMessage());
        }
    }
}
