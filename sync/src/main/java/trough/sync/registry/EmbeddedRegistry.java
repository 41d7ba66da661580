package trough.sync.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import trough.core.registry.Registry;
import trough.core.registry.RegistryException;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqliteConnections;

/**
 * The registry of a one-machine cluster, kept in one SQLite file. SQLite's file locks make it safe for
 * several processes on the host; WAL with full sync makes each change durable before it returns.
 */
public final class EmbeddedRegistry implements Registry {
    private static final String FILE_NAME = "registry.sqlite";

    private final Path file;
    private final Connection connection;

    private EmbeddedRegistry(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating if needed) the registry kept in {@code directory}. */
    public static EmbeddedRegistry open(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the registry directory " + directory, e);
        }
        try {
            Connection connection = SqliteConnections.openReadWrite(file);
            try (var statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE IF NOT EXISTS schemas (name TEXT PRIMARY KEY, sql TEXT NOT NULL)");
                statement.executeUpdate("CREATE TABLE IF NOT EXISTS segments (id TEXT PRIMARY KEY, schema TEXT, "
                        + "generation INTEGER NOT NULL, size_bytes INTEGER NOT NULL, checksum TEXT, remote_path TEXT)");
                statement.executeUpdate("CREATE INDEX IF NOT EXISTS segments_by_schema ON segments (schema, id)");
            }
            return new EmbeddedRegistry(file, connection);
        } catch (SQLException e) {
            throw new RegistryException("cannot open the embedded registry at " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<SchemaDefinition> schema(String name) {
        return query("SELECT name, sql FROM schemas WHERE name = ?", List.of(name), EmbeddedRegistry::toSchema).stream().findFirst();
    }

    @Override
    public synchronized List<SchemaDefinition> schemas() {
        return query("SELECT name, sql FROM schemas ORDER BY name", List.of(), EmbeddedRegistry::toSchema);
    }

    @Override
    public synchronized boolean putSchema(SchemaDefinition schema) {
        boolean existed = schema(schema.name()).isPresent();
        update("INSERT INTO schemas (name, sql) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET sql = excluded.sql",
                List.of(schema.name(), schema.sql()));
        return !existed;
    }

    @Override
    public synchronized boolean deleteSchema(String name) {
        return update("DELETE FROM schemas WHERE name = ?", List.of(name)) > 0;
    }

    @Override
    public synchronized Optional<SegmentRecord> segment(SegmentId id) {
        return query("SELECT * FROM segments WHERE id = ?", List.of(id.value()), EmbeddedRegistry::toSegment).stream().findFirst();
    }

    @Override
    public synchronized void putSegment(SegmentRecord segment) {
        List<Object> values = new ArrayList<>();
        values.add(segment.id().value());
        values.add(segment.schema());
        values.add(segment.generation());
        values.add(segment.sizeBytes());
        values.add(segment.checksum());
        values.add(segment.remotePath());
        update("INSERT INTO segments (id, schema, generation, size_bytes, checksum, remote_path) VALUES (?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT (id) DO UPDATE SET schema = excluded.schema, generation = excluded.generation, "
                + "size_bytes = excluded.size_bytes, checksum = excluded.checksum, remote_path = excluded.remote_path", values);
    }

    @Override
    public synchronized boolean deleteSegment(SegmentId id) {
        return update("DELETE FROM segments WHERE id = ?", List.of(id.value())) > 0;
    }

    @Override
    public synchronized SegmentPage segments(String prefix, String after, int limit) {
        if (limit < 1) throw new IllegalArgumentException("a page holds at least one segment, not " + limit);
        String from = prefix == null ? "" : prefix;
        String start = after != null && after.compareTo(from) >= 0 ? after : null;
        // Range scan on the primary key: ids >= prefix and < prefix followed by the highest character.
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM segments WHERE id >= ? AND id < ?");
        values.add(from);
        values.add(from + Character.MAX_VALUE);
        if (start != null) {
            sql.append(" AND id > ?");
            values.add(start);
        }
        sql.append(" ORDER BY id LIMIT ?");
        values.add(limit + 1);
        return page(query(sql.toString(), values, EmbeddedRegistry::toSegment), limit);
    }

    /** A page from up to {@code limit + 1} rows: the extra row only says that there is a next page. */
    private static SegmentPage page(List<SegmentRecord> rows, int limit) {
        if (rows.size() <= limit) return new SegmentPage(rows, null);
        List<SegmentRecord> page = rows.subList(0, limit);
        return new SegmentPage(page, page.get(limit - 1).id().value());
    }

    @Override
    public synchronized SegmentPage segmentsOfSchema(String schema, String after, int limit) {
        if (limit < 1) throw new IllegalArgumentException("a page holds at least one segment, not " + limit);
        List<SegmentRecord> rows = query("SELECT * FROM segments WHERE schema = ? AND id > ? ORDER BY id LIMIT ?",
                List.of(schema, after == null ? "" : after, limit + 1), EmbeddedRegistry::toSegment);
        return page(rows, limit);
    }

    @Override
    public synchronized long segmentCountBySchema(String schema) {
        return query("SELECT count(*) FROM segments WHERE schema = ?", List.of(schema), rows -> rows.getLong(1)).get(0);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new RegistryException("cannot close the embedded registry at " + file + ": " + e.getMessage(), e);
        }
    }

    private interface RowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }

    private <T> List<T> query(String sql, List<?> values, RowMapper<T> mapper) {
        try (PreparedStatement statement = prepare(sql, values); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) result.add(mapper.map(rows));
            return result;
        } catch (SQLException e) {
            throw new RegistryException("embedded registry " + file + " failed to read: " + e.getMessage(), e);
        }
    }

    private int update(String sql, List<?> values) {
        try (PreparedStatement statement = prepare(sql, values)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new RegistryException("embedded registry " + file + " failed to write: " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(String sql, List<?> values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.size(); i++) statement.setObject(i + 1, values.get(i));
        return statement;
    }

    private static SchemaDefinition toSchema(ResultSet rows) throws SQLException {
        return new SchemaDefinition(rows.getString("name"), rows.getString("sql"));
    }

    private static SegmentRecord toSegment(ResultSet rows) throws SQLException {
        return new SegmentRecord(SegmentId.of(rows.getString("id")), rows.getString("schema"), rows.getLong("generation"),
                rows.getLong("size_bytes"), rows.getString("checksum"), rows.getString("remote_path"));
    }
}
