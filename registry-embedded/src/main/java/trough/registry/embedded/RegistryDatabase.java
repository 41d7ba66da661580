package trough.registry.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sqlite.Function;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import trough.core.registry.RegistryException;
import trough.core.sqlite.SqliteConnections;

/**
 * The SQLite file behind the embedded registry and the few ways its parts use it. Every transaction takes
 * SQLite's write lock as it begins ({@code BEGIN IMMEDIATE}), so a read-then-write such as a lease
 * acquisition is atomic across the processes of one host, not only across threads.
 */
final class RegistryDatabase implements AutoCloseable {
    private static final String[] TABLES = {
        "CREATE TABLE IF NOT EXISTS schemas (name TEXT PRIMARY KEY, sql TEXT NOT NULL, segment_key TEXT, segment_pattern TEXT)",
        "CREATE TABLE IF NOT EXISTS segments (id TEXT PRIMARY KEY, schema TEXT, generation INTEGER NOT NULL, "
                + "size_bytes INTEGER NOT NULL, checksum TEXT, remote_path TEXT, tier TEXT NOT NULL DEFAULT 'HOT')",
        "CREATE INDEX IF NOT EXISTS segments_by_schema ON segments (schema, id)",
        "CREATE TABLE IF NOT EXISTS workers (id TEXT PRIMARY KEY, url TEXT NOT NULL, capacity_bytes INTEGER NOT NULL, "
                + "used_bytes INTEGER NOT NULL, tier TEXT NOT NULL, load REAL NOT NULL, heartbeat_at INTEGER NOT NULL, "
                + "ttl_millis INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS assignments (segment TEXT NOT NULL, worker TEXT NOT NULL, PRIMARY KEY (segment, worker))",
        "CREATE INDEX IF NOT EXISTS assignments_by_worker ON assignments (worker, segment)",
        "CREATE TABLE IF NOT EXISTS replicas (segment TEXT NOT NULL, worker TEXT NOT NULL, generation INTEGER NOT NULL, "
                + "PRIMARY KEY (segment, worker))",
        "CREATE INDEX IF NOT EXISTS replicas_by_worker ON replicas (worker, segment)",
        "CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT, expires_at INTEGER NOT NULL, epoch INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ChangeLog.TABLE,
    };

    /** Keys per statement: SQLite allows many more parameters, but short statements plan faster. */
    private static final int KEYS_PER_QUERY = 500;

    interface RowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }

    private final Path file;
    private final SQLiteConnection connection;
    private boolean inTransaction;

    private RegistryDatabase(Path file, SQLiteConnection connection) {
        this.file = file;
        this.connection = connection;
    }

    static RegistryDatabase open(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the registry directory " + file.getParent(), e);
        }
        try {
            SQLiteConnection connection = SqliteConnections.openReadWrite(file);
            connection.getConnectionConfig().setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            Function.create(connection, "regexp", new RegexpFunction(), 2, Function.FLAG_DETERMINISTIC);
            RegistryDatabase database = new RegistryDatabase(file, connection);
            database.transaction(() -> {
                for (String ddl : TABLES) database.update(ddl, List.of());
                // Registries written before segments had tiers.
                if (database.query("SELECT 1 FROM pragma_table_info('segments') WHERE name = 'tier'", List.of(), rows -> 1).isEmpty()) {
                    database.update("ALTER TABLE segments ADD COLUMN tier TEXT NOT NULL DEFAULT 'HOT'", List.of());
                }
                // Registries written before schemas had segment keys.
                if (database.query("SELECT 1 FROM pragma_table_info('schemas') WHERE name = 'segment_key'", List.of(), rows -> 1).isEmpty()) {
                    database.update("ALTER TABLE schemas ADD COLUMN segment_key TEXT", List.of());
                    database.update("ALTER TABLE schemas ADD COLUMN segment_pattern TEXT", List.of());
                }
                database.update("INSERT OR IGNORE INTO meta (key, value) VALUES ('id', ?)", List.of(UUID.randomUUID().toString()));
                database.update("INSERT OR IGNORE INTO meta (key, value) VALUES ('changes', '0')", List.of());
                database.update("INSERT OR IGNORE INTO meta (key, value) VALUES ('assignment_changes', '0')", List.of());
                return null;
            });
            return database;
        } catch (SQLException e) {
            throw new RegistryException("cannot open the embedded registry at " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /**
     * Runs {@code work} as one transaction holding the write lock; any failure rolls all of it back. Work
     * that runs inside another transaction joins it.
     */
    synchronized <T> T transaction(Supplier<T> work) {
        if (inTransaction) return work.get();
        try {
            connection.setAutoCommit(false);
            inTransaction = true;
            try {
                T result = work.get();
                connection.commit();
                return result;
            } catch (RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                inTransaction = false;
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new RegistryException("embedded registry " + file + " failed a transaction: " + e.getMessage(), e);
        }
    }

    synchronized <T> List<T> query(String sql, List<?> values, RowMapper<T> mapper) {
        try (PreparedStatement statement = prepare(sql, values); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) result.add(mapper.map(rows));
            return result;
        } catch (SQLException e) {
            throw new RegistryException("embedded registry " + file + " failed to read: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code sql}, whose {@code %s} stands for a list of parameters, over the keys in batches: how many
     * rows are read at once by key without one query per key.
     */
    <T> List<T> queryIn(String sql, Collection<String> keys, RowMapper<T> mapper) {
        List<String> distinct = keys.stream().distinct().toList();
        List<T> result = new ArrayList<>();
        for (int from = 0; from < distinct.size(); from += KEYS_PER_QUERY) {
            List<String> batch = distinct.subList(from, Math.min(distinct.size(), from + KEYS_PER_QUERY));
            result.addAll(query(String.format(sql, String.join(", ", Collections.nCopies(batch.size(), "?"))), batch, mapper));
        }
        return result;
    }

    synchronized int update(String sql, List<?> values) {
        try (PreparedStatement statement = prepare(sql, values)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new RegistryException("embedded registry " + file + " failed to write: " + e.getMessage(), e);
        }
    }

    /** Counts a change a driver must notice; call inside the transaction that makes it. */
    void changed() {
        update("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'changes'", List.of());
    }

    /** Counts a change of assignments, which watchers poll for; call inside the transaction that makes it. */
    void assignmentsChanged() {
        update("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'assignment_changes'", List.of());
    }

    long assignmentChanges() {
        return query("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'assignment_changes'", List.of(), rows -> rows.getLong(1)).get(0);
    }

    String version() {
        List<String> parts = query("SELECT value FROM meta WHERE key IN ('id', 'changes') ORDER BY key DESC", List.of(), rows -> rows.getString(1));
        return String.join("-", parts);
    }

    private PreparedStatement prepare(String sql, List<?> values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.size(); i++) statement.setObject(i + 1, values.get(i));
        return statement;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new RegistryException("cannot close the embedded registry at " + file + ": " + e.getMessage(), e);
        }
    }

    /** SQLite's {@code x REGEXP p}: true when the whole of x matches the Java pattern p. */
    private static final class RegexpFunction extends Function {
        private String source;
        private Pattern pattern;

        @Override
        protected void xFunc() throws SQLException {
            String regex = value_text(0);
            String text = value_text(1);
            if (!regex.equals(source)) {
                try {
                    pattern = Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw new SQLException("bad regular expression: " + e.getMessage());
                }
                source = regex;
            }
            result(text != null && pattern.matcher(text).matches() ? 1 : 0);
        }
    }
}
