package trough.jdbc.shaded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.commons.dbutils.QueryRunner;
import org.apache.commons.dbutils.handlers.ColumnListHandler;
import org.apache.commons.dbutils.handlers.ScalarHandler;
import org.jooq.DSLContext;
import org.jooq.Result;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/**
 * The shaded jar driven the way its users' clients drive it: DBeaver's connect-and-browse calls, HikariCP
 * (defaults, and auto-commit off as Spring configures it) with Commons DbUtils, jOOQ, and Spark's JDBC source.
 * The driver is loaded from the jar alone, in its own class loader.
 */
class ClientCompatibilityIT {
    static final String DDL = "CREATE TABLE events (id INTEGER PRIMARY KEY, day TEXT, value REAL, payload BLOB, amount NUMERIC, at DATETIME)";

    @TempDir
    static Path dir;
    static URLClassLoader jar;
    static Driver driver;
    static String url;

    @BeforeAll
    static void segmentsAndDriver() throws Exception {
        int id = 0;
        for (int s = 0; s < 3; s++) {
            try (Connection c = SqliteConnections.openReadWrite(dir.resolve("day-" + s + ".sqlite")); Statement st = c.createStatement()) {
                st.executeUpdate(DDL);
                st.executeUpdate("CREATE INDEX events_day ON events (day)");
                for (int i = 0; i < 4; i++, id++) {
                    st.executeUpdate("INSERT INTO events VALUES (" + id + ", '2024-01-0" + (s + 1) + "', " + id + ".5, x'0" + i + "', " + id
                            + ".25, '2024-01-0" + (s + 1) + " 10:00:00')");
                }
            }
        }
        url = "jdbc:trough:file:" + dir;
        jar = new URLClassLoader(new URL[] {ShadedJarIT.JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        driver = (Driver) jar.loadClass("trough.jdbc.TroughDriver").getDeclaredConstructor().newInstance();
    }

    @AfterAll
    static void closeJar() throws Exception {
        jar.close();
    }

    static Connection connect() throws SQLException {
        return driver.connect(url, new Properties());
    }

    @Test
    void dbeaverConnectsBrowsesAndReadsTheFirstRows() throws SQLException {
        try (Connection connection = connect()) {
            connection.setClientInfo("ApplicationName", "DBeaver 24.1.0 - Main");
            DatabaseMetaData meta = connection.getMetaData();
            assertEquals("Trough", meta.getDatabaseProductName());
            meta.getDatabaseProductVersion();
            meta.getDriverName();
            meta.getDriverVersion();
            assertEquals("\"", meta.getIdentifierQuoteString());
            meta.getSQLKeywords();
            meta.getNumericFunctions();
            meta.getStringFunctions();
            meta.getSearchStringEscape();
            meta.getExtraNameCharacters();
            assertFalse(meta.isReadOnly());
            meta.supportsSchemasInTableDefinitions();
            meta.supportsCatalogsInTableDefinitions();
            meta.getDefaultTransactionIsolation();
            connection.getTransactionIsolation();
            assertTrue(connection.getAutoCommit());
            connection.getCatalog();
            connection.getSchema();
            drain(meta.getCatalogs());
            List<String> schemas = column(meta.getSchemas(), "TABLE_SCHEM");
            assertEquals(List.of("main"), schemas);
            drain(meta.getTableTypes());
            assertEquals(List.of("events"), column(meta.getTables(null, "main", "%", new String[] {"TABLE", "VIEW"}), "TABLE_NAME"));
            assertEquals(List.of("id", "day", "value", "payload", "amount", "at", "_segment"), column(meta.getColumns(null, "main", "events", "%"), "COLUMN_NAME"));
            assertEquals(List.of("id"), column(meta.getPrimaryKeys(null, "main", "events"), "COLUMN_NAME"));
            drain(meta.getImportedKeys(null, "main", "events"));
            drain(meta.getExportedKeys(null, "main", "events"));
            assertEquals(List.of("events_day"), column(meta.getIndexInfo(null, "main", "events", false, true), "INDEX_NAME"));
            assertFalse(column(meta.getTypeInfo(), "TYPE_NAME").isEmpty());
            drain(meta.getFunctions(null, "main", "%"));
            drain(meta.getProcedures(null, "main", "%"));
            try (Statement statement = connection.createStatement()) {
                statement.setMaxRows(200);
                statement.setFetchSize(200);
                try (ResultSet rows = statement.executeQuery("SELECT * FROM main.events")) {
                    ResultSetMetaData types = rows.getMetaData();
                    for (int i = 1; i <= types.getColumnCount(); i++) assertNotEquals(Types.JAVA_OBJECT, types.getColumnType(i), types.getColumnName(i));
                    int read = 0;
                    while (rows.next()) {
                        for (int i = 1; i <= types.getColumnCount(); i++) rows.getObject(i);
                        read++;
                    }
                    assertEquals(12, read);
                }
            }
        }
    }

    @Test
    void hikariWithDefaultsServesDbUtilsQueries() throws Exception {
        HikariConfig config = config();
        config.addDataSourceProperty("cachePrepStmts", "true"); // a MySQL-minded setting Trough does not know: ignored
        try (HikariDataSource pool = withJar(() -> new HikariDataSource(config))) {
            QueryRunner runner = new QueryRunner(pool);
            assertEquals(12L, ((Number) runner.query("SELECT count(*) FROM events", new ScalarHandler<>())).longValue());
            List<Object> days = runner.query("SELECT DISTINCT day FROM events WHERE id >= ? ORDER BY day", new ColumnListHandler<>(), 4L);
            assertEquals(List.of("2024-01-02", "2024-01-03"), days);
            assertEquals(1, runner.update("INSERT INTO events (_segment, id, day) VALUES ('day-9', ?, ?)", 99, "2024-01-09"));
            assertEquals(1, runner.update("DELETE FROM events WHERE _segment = 'day-9' AND id = ?", 99));
        }
    }

    @Test
    void hikariWithAutoCommitOffRollsBackOnReturnAndKeepsServing() throws Exception {
        HikariConfig config = config();
        config.setAutoCommit(false);
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = withJar(() -> new HikariDataSource(config))) {
            for (int round = 0; round < 3; round++) {
                try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT id FROM events WHERE id < 3 ORDER BY id")) {
                    assertFalse(connection.getAutoCommit());
                    assertTrue(rows.next());
                    assertEquals(0, rows.getInt(1));
                } // Hikari rolls back the read-only transaction as the connection returns
                try (Connection connection = pool.getConnection()) {
                    connection.commit();
                }
            }
        }
    }

    @Test
    void jooqBindsLimitsChecksExistenceAndReadsTheSchema() throws SQLException {
        try (Connection connection = connect()) {
            DSLContext jooq = DSL.using(connection, SQLDialect.SQLITE);
            Result<?> page = jooq.select(DSL.field(DSL.name("id"))).from(DSL.table(DSL.name("events")))
                    .orderBy(DSL.field(DSL.name("id"))).limit(3).offset(2).fetch();
            assertEquals(List.of(2L, 3L, 4L), page.getValues(0, Long.class));
            assertTrue(jooq.fetchExists(jooq.selectOne().from(DSL.table(DSL.name("events"))).where(DSL.field(DSL.name("day")).eq("2024-01-02"))));
            assertFalse(jooq.fetchExists(jooq.selectOne().from(DSL.table(DSL.name("events"))).where(DSL.field(DSL.name("day")).eq("1999-01-01"))));
            // DSL.using(connection) as the meta API is usually called: the dialect jOOQ detects for jdbc:trough: is
            // DEFAULT, which reads DatabaseMetaData. (SQLITE's meta reads SQLite's sqlite_master, which Trough has not.)
            List<org.jooq.Table<?>> tables = DSL.using(connection).meta().getTables();
            assertEquals(List.of("events"), tables.stream().map(org.jooq.Named::getName).toList());
            assertEquals(List.of("id"), tables.get(0).getPrimaryKey().getFields().stream().map(org.jooq.Named::getName).toList());
            List<String> fields = List.of(tables.get(0).fields()).stream().map(org.jooq.Named::getName).toList();
            assertTrue(fields.containsAll(List.of("id", "day", "value", "payload", "amount", "at")), fields.toString());
        }
    }

    /** Spark's JDBC source: a schema probe, then one query per partition of a numeric column, with a fetch size. */
    @Test
    void sparkProbesTheSchemaAndReadsPartitions() throws SQLException {
        try (Connection connection = connect()) {
            try (PreparedStatement probe = connection.prepareStatement("SELECT * FROM events WHERE 1=0"); ResultSet rows = probe.executeQuery()) {
                ResultSetMetaData meta = rows.getMetaData();
                List<Integer> types = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    types.add(meta.getColumnType(i));
                    meta.getColumnTypeName(i);
                    meta.getPrecision(i);
                    meta.getScale(i);
                    meta.isSigned(i);
                    meta.isNullable(i);
                }
                assertEquals(List.of(Types.BIGINT, Types.VARCHAR, Types.DOUBLE, Types.VARBINARY, Types.DECIMAL, Types.TIMESTAMP), types);
                assertFalse(rows.next());
            }
            // lowerBound 0, upperBound 12, numPartitions 3: Spark's stride predicates, the first and last open-ended
            List<String> partitions = List.of("\"id\" < 4 or \"id\" is null", "\"id\" >= 4 AND \"id\" < 8", "\"id\" >= 8");
            TreeSet<Long> ids = new TreeSet<>();
            for (String where : partitions) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT \"id\",\"day\",\"value\",\"payload\",\"amount\",\"at\" FROM events WHERE " + where)) {
                    statement.setFetchSize(5);
                    statement.setQueryTimeout(0);
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            assertTrue(ids.add(rows.getLong(1)), "a row in two partitions");
                            rows.getString(2);
                            rows.getDouble(3);
                            rows.getBytes(4);
                            rows.getBigDecimal(5);
                            rows.getTimestamp(6);
                        }
                    }
                }
            }
            assertEquals(12, ids.size());
            assertEquals(0L, ids.first());
            assertEquals(11L, ids.last());
            // the bound form other tools use for the same partitions
            try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM events WHERE id >= ? AND id < ?")) {
                statement.setLong(1, 4);
                statement.setLong(2, 8);
                try (ResultSet rows = statement.executeQuery()) {
                    assertTrue(rows.next());
                    assertEquals(4, rows.getLong(1));
                    assertSame(statement, rows.getStatement());
                }
            }
        }
    }

    private static HikariConfig config() {
        HikariConfig config = new HikariConfig();
        config.setDriverClassName("trough.jdbc.TroughDriver");
        config.setJdbcUrl(url);
        return config;
    }

    /** Hikari loads the driver class named in its config through the thread's context class loader. */
    private static <T> T withJar(Callable<T> action) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(jar);
        try {
            return action.call();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static void drain(ResultSet rows) throws SQLException {
        try (rows) {
            while (rows.next()) rows.getObject(1);
        }
    }

    private static List<String> column(ResultSet rows, String name) throws SQLException {
        List<String> values = new ArrayList<>();
        try (rows) {
            while (rows.next()) values.add(rows.getString(name));
        }
        return values;
    }
}
