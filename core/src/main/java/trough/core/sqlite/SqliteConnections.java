package trough.core.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.sqlite.Function;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;
import org.sqlite.SQLiteOpenMode;
import org.sqlite.jdbc4.JDBC4Connection;
import trough.core.segment.SegmentId;

/**
 * Opens SQLite connections to segment files with the settings Trough relies on.
 *
 * <p>A read connection is kept read-only by SQLite itself, so no text trick can write through it: the
 * file is opened {@code SQLITE_OPEN_READONLY}, {@code query_only} refuses writes to every database of
 * the connection (temp included), the attached-database limit is zero so {@code ATTACH} fails, and
 * extension loading stays off. sqlite-jdbc exposes no authorizer hook; these settings together cover what
 * one would have refused there.
 *
 * <p>A write connection uses WAL with {@code synchronous=FULL}: a commit is on disk before it is
 * acknowledged.
 */
public final class SqliteConnections {
    /** Tables Trough keeps inside a segment for itself (the loader's record of what it loaded) start so. */
    public static final String INTERNAL_TABLE_PREFIX = "_trough_";
    /** {@code NOT LIKE} this, with {@code ESCAPE} backslash, leaves those tables out. */
    public static final String INTERNAL_TABLE_LIKE = INTERNAL_TABLE_PREFIX.replace("_", "\\_") + "%";

    /**
     * The SQL function a read connection to a segment answers with that segment's id: how a query pushed to
     * many segments at once refers to the hidden {@code _segment} column.
     */
    public static final String SEGMENT_FUNCTION = "trough_segment";
    private static final int BUSY_TIMEOUT_MILLIS = 10_000;
    /** Virtual-machine steps between two looks at a stop condition: microseconds of work, a negligible cost. */
    private static final int PROGRESS_STEPS = 10_000;

    private SqliteConnections() {}

    public static SQLiteConnection openReadOnly(Path file) throws SQLException {
        SQLiteConfig config = baseConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        SQLiteConnection connection = open(file, config);
        try (var statement = connection.createStatement()) {
            statement.execute("PRAGMA query_only = 1");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** A read-only connection to a segment file that also answers {@value #SEGMENT_FUNCTION}() with its id. */
    public static SQLiteConnection openSegmentReader(Path file, SegmentId segment) throws SQLException {
        SQLiteConnection connection = openReadOnly(file);
        try {
            Function.create(connection, SEGMENT_FUNCTION, new Function() {
                @Override
                protected void xFunc() throws SQLException {
                    result(segment.value());
                }
            }, 0, Function.FLAG_DETERMINISTIC);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    public static SQLiteConnection openReadWrite(Path file) throws SQLException {
        return openWriter(file, SQLiteConfig.SynchronousMode.FULL);
    }

    /**
     * A write connection whose commits are on disk only once the caller forces the WAL file
     * ({@link DatabaseFiles#wal}) itself, as every commit's writer must before it acknowledges the commit: WAL
     * with {@code synchronous=NORMAL}, which keeps the file consistent after a crash and syncs around
     * checkpoints, but leaves the fsync at commit to the caller. For a writer with other work to make durable
     * after each commit (its change log), so that both reach the disk at once rather than one after the other.
     */
    public static SQLiteConnection openReadWriteSyncedByCaller(Path file) throws SQLException {
        return openWriter(file, SQLiteConfig.SynchronousMode.NORMAL);
    }

    private static SQLiteConnection openWriter(Path file, SQLiteConfig.SynchronousMode synchronous) throws SQLException {
        SQLiteConfig config = baseConfig();
        config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous);
        return open(file, config);
    }

    /**
     * Writes a consistent copy of the database at {@code source} to {@code target} (which must not exist) with
     * {@code VACUUM INTO}: one read transaction, so writers on other connections go on meanwhile (WAL) and every
     * transaction committed before it began is in the copy.
     */
    public static void snapshot(Path source, Path target) throws SQLException {
        SQLiteConfig config = baseConfig();
        config.setOpenMode(SQLiteOpenMode.NOMUTEX);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + source.toAbsolutePath());
             var statement = connection.createStatement()) {
            statement.execute("VACUUM INTO " + SqlScript.quoteLiteral(target.toAbsolutePath().toString()));
        }
    }

    /**
     * A fresh, empty database of SQLite's own temporary kind, for scratch work whose size is not known in
     * advance: SQLite keeps up to {@code cacheBytes} of it in memory and writes the rest to a file it creates
     * in its temporary directory ({@code SQLITE_TMPDIR}, else {@code TMPDIR}, else /var/tmp or /tmp) and
     * deletes itself, so memory stays bounded however large it grows and nothing is left behind. Nothing is
     * made durable (no journal, no sync).
     */
    public static SQLiteConnection openScratch(long cacheBytes) throws SQLException {
        SQLiteConfig config = baseConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setCacheSize((int) -(cacheBytes / 1024));
        config.setTempStore(SQLiteConfig.TempStore.FILE);
        // An empty file name is SQLite's private temporary database.
        SQLiteConnection connection = new JDBC4Connection("jdbc:sqlite:", "", config.toProperties());
        connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
        return connection;
    }

    /** A fresh, empty in-memory database: where DDL is tried before it is trusted. */
    public static SQLiteConnection openInMemory() throws SQLException {
        SQLiteConfig config = baseConfig();
        SQLiteConnection connection = (SQLiteConnection) config.createConnection("jdbc:sqlite::memory:");
        connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
        return connection;
    }

    /** Stops what SQLite runs on the connection now; a connection that finished meanwhile is left alone. */
    public static void interrupt(SQLiteConnection connection) {
        try {
            connection.getDatabase().interrupt();
        } catch (SQLException ignored) {
            // finished meanwhile
        }
    }

    /**
     * Makes SQLite stop whatever the connection runs, as an interrupt does, as soon as {@code stop} answers true
     * (asked every few thousand virtual-machine steps). Unlike {@link #interrupt}, it cannot be missed by a
     * statement that starts just after the stop was decided. Undo it with {@link #clearStop} before the connection
     * is lent to anyone else.
     */
    public static void stopWhen(SQLiteConnection connection, BooleanSupplier stop) throws SQLException {
        ProgressHandler.setHandler(connection, PROGRESS_STEPS, new ProgressHandler() {
            @Override
            protected int progress() {
                return stop.getAsBoolean() ? 1 : 0;
            }
        });
    }

    /** Takes the stop condition off a connection before it goes back to a pool; answers whether it may be reused. */
    public static boolean clearStop(SQLiteConnection connection) {
        try {
            ProgressHandler.clearHandler(connection);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Names of the ordinary tables of the main database, in name order: neither SQLite's nor Trough's own. */
    public static List<String> tableNames(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                     + "AND name NOT LIKE '" + INTERNAL_TABLE_LIKE + "' ESCAPE '\\' ORDER BY name")) {
            while (rows.next()) names.add(rows.getString(1));
        }
        return names;
    }

    /**
     * The DDL that recreates the database's own tables, indexes, views and triggers (not SQLite's nor Trough's
     * internal ones), one statement each as SQLite stored it: tables first, then the rest in creation order.
     */
    public static List<String> schemaStatements(Connection connection) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (var statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                     + "AND tbl_name NOT LIKE '" + INTERNAL_TABLE_LIKE + "' ESCAPE '\\' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, rowid")) {
            while (rows.next()) statements.add(rows.getString(1));
        }
        return statements;
    }

    private static SQLiteConfig baseConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enableLoadExtension(false);
        return config;
    }

    private static SQLiteConnection open(Path file, SQLiteConfig config) throws SQLException {
        // The connection class itself rather than config.createConnection(), which goes through org.sqlite.JDBC:
        // loading that class registers sqlite-jdbc's driver with DriverManager in every application of Trough's.
        String path = file.toAbsolutePath().toString();
        SQLiteConnection connection = new JDBC4Connection("jdbc:sqlite:" + path, path, config.toProperties());
        connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
        return connection;
    }
}
