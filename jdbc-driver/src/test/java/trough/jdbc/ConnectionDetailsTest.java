package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/** The connection and metadata calls BI tools and pools make besides queries. */
class ConnectionDetailsTest {
    @TempDir
    static Path dir;
    static String url;

    @BeforeAll
    static void segments() throws SQLException {
        try (Connection c = SqliteConnections.openReadWrite(dir.resolve("s1.sqlite")); Statement st = c.createStatement()) {
            for (String table : List.of("zebra", "apple", "Mango", "banana")) st.executeUpdate("CREATE TABLE " + table + " (id INTEGER)");
            st.executeUpdate("INSERT INTO apple VALUES (1)");
        }
        url = "jdbc:trough:file:" + dir;
    }

    @Test
    void clientInfoIsKeptAndAnswered() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setClientInfo("ApplicationName", "DBeaver 24.1");
            assertEquals("DBeaver 24.1", connection.getClientInfo("ApplicationName"));
            Properties all = new Properties();
            all.setProperty("ClientUser", "ana");
            connection.setClientInfo(all);
            assertEquals("ana", connection.getClientInfo().getProperty("ClientUser"));
            assertNull(connection.getClientInfo("ApplicationName"));
        }
    }

    @Test
    void theUrlLeavesSecretsOutAndTheUserIsAnswered() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "ana");
        properties.setProperty("password", "s3cret");
        try (Connection connection = DriverManager.getConnection(url + "?queryTimeout=30", properties)) {
            DatabaseMetaData meta = connection.getMetaData();
            assertEquals("ana", meta.getUserName());
            assertTrue(meta.getURL().startsWith("jdbc:trough:file:" + dir), meta.getURL());
            assertTrue(meta.getURL().contains("queryTimeout=30"), meta.getURL());
            assertFalse(meta.getURL().contains("s3cret"), meta.getURL());
            assertFalse(meta.isReadOnly(), "writes work");
            assertSame(connection, meta.getConnection());
        }
    }

    @Test
    void thereIsNoCatalogAndTablesAreSortedWithoutCalcitesMetadataSchema() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            DatabaseMetaData meta = connection.getMetaData();
            try (ResultSet catalogs = meta.getCatalogs()) {
                assertFalse(catalogs.next());
            }
            List<String> schemas = new ArrayList<>();
            try (ResultSet rows = meta.getSchemas()) {
                while (rows.next()) schemas.add(rows.getString("TABLE_SCHEM"));
            }
            assertEquals(List.of("main"), schemas);
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = meta.getTables(null, null, "%", null)) {
                while (rows.next()) {
                    assertNull(rows.getString("TABLE_CAT"));
                    assertEquals("TABLE", rows.getString("TABLE_TYPE"));
                    tables.add(rows.getString("TABLE_SCHEM") + "." + rows.getString("TABLE_NAME"));
                }
            }
            assertEquals(List.of("main.Mango", "main.apple", "main.banana", "main.zebra"), tables);
            try (ResultSet rows = meta.getTables(null, "metadata", null, null)) {
                assertFalse(rows.next(), "Calcite's metadata schema is not a table of the user's");
            }
            try (ResultSet rows = meta.getTables(null, null, "%", new String[] {"VIEW"})) {
                assertFalse(rows.next());
            }
        }
    }

    @Test
    void resultSetsAnswerTheApplicationsStatement() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             PreparedStatement prepared = connection.prepareStatement("SELECT id FROM apple WHERE id = ?")) {
            try (ResultSet rows = statement.executeQuery("SELECT id FROM apple")) {
                assertSame(statement, rows.getStatement());
            }
            statement.execute("SELECT id FROM apple");
            assertSame(statement, statement.getResultSet().getStatement());
            prepared.setLong(1, 1);
            try (ResultSet rows = prepared.executeQuery()) {
                assertSame(prepared, rows.getStatement());
                assertTrue(rows.next());
            }
            assertSame(connection, statement.getConnection());
        }
    }

    @Test
    void nativeSqlTypeMapAndGeneratedKeysAnswer() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            assertEquals("SELECT 1", connection.nativeSQL("SELECT 1"));
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, connection.getTransactionIsolation());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, connection.getMetaData().getDefaultTransactionIsolation());
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, connection.getTransactionIsolation(), "a level it cannot give is substituted");
            assertNotNull(connection.getWarnings());
            assertEquals(Map.of(), connection.getTypeMap());
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO apple (_segment, id) VALUES ('s1', 2)", Statement.RETURN_GENERATED_KEYS)) {
                assertEquals(1, insert.executeUpdate());
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    assertFalse(keys.next(), "Trough generates no keys");
                }
            }
        }
    }

    @Test
    void aScrollableResultSetIsDowngradedWithAWarning() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
            SQLWarning warning = connection.getWarnings();
            assertNotNull(warning);
            assertTrue(warning.getMessage().contains("forward-only"), warning.getMessage());
            try (ResultSet rows = statement.executeQuery("SELECT id FROM apple")) {
                assertEquals(ResultSet.TYPE_FORWARD_ONLY, rows.getType());
                assertTrue(rows.next());
            }
            connection.clearWarnings();
            assertNull(connection.getWarnings());
            assertFalse(connection.getMetaData().supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE));
        }
    }

    @Test
    void unknownPropertiesOfAPoolAreIgnoredWithAWarning() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("cachePrepStmts", "true");
        properties.setProperty("prepStmtCacheSize", "250");
        List<String> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) logged.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger log = Logger.getLogger(TroughUrl.class.getName());
        log.addHandler(handler);
        try (Connection connection = DriverManager.getConnection(url + "?useServerPrepStmts=true", properties);
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM apple")) {
            assertTrue(rows.next());
        } finally {
            log.removeHandler(handler);
        }
        assertEquals(3, logged.size(), logged.toString());
        assertTrue(logged.stream().anyMatch(line -> line.startsWith("ignoring unknown connection property 'useServerPrepStmts'")), logged.toString());
    }

    @Test
    void onlyTroughsDriverIsRegistered() throws SQLException {
        DriverManager.getDriver(url);
        assertThrows(SQLException.class, () -> DriverManager.getDriver("jdbc:calcite:"));
    }
}
