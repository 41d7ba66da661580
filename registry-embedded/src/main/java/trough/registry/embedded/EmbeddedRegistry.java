package trough.registry.embedded;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import trough.core.registry.Leases;
import trough.core.registry.Placements;
import trough.core.registry.Registry;
import trough.core.registry.RegistryChange;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Tier;
import trough.core.registry.Watch;
import trough.core.registry.Workers;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;

/**
 * The registry of a one-machine cluster, kept in one SQLite file. SQLite's file locks make it safe for
 * several processes on the host; WAL with full sync makes each change durable before it returns. The
 * registry's clock is the host's, which every process of the host shares.
 */
public final class EmbeddedRegistry implements Registry {
    private static final String FILE_NAME = "registry.sqlite";
    private static final String SCHEMA_COLUMNS = "name, sql, segment_key, segment_pattern";
    private static final String SEGMENT_COLUMNS = "id, schema, generation, size_bytes, checksum, remote_path, tier";

    private final RegistryDatabase database;
    private final EmbeddedWorkers workers;
    private final EmbeddedPlacements placements;
    private final EmbeddedLeases leases;
    private final ChangeLog changes;

    private EmbeddedRegistry(RegistryDatabase database, long retainedChanges) {
        this.database = database;
        this.changes = new ChangeLog(database, retainedChanges);
        this.workers = new EmbeddedWorkers(database, this::now);
        this.leases = new EmbeddedLeases(database, this::now);
        this.placements = new EmbeddedPlacements(database, this::now, leases, changes);
    }

    /** Opens (creating if needed) the registry kept in {@code directory}. */
    public static EmbeddedRegistry open(Path directory) {
        return open(directory, ChangeLog.RETAINED);
    }

    /** {@link #open(Path)} keeping only the last {@code retainedChanges} changes for followers: a test's way to outrun a follower. */
    static EmbeddedRegistry open(Path directory, long retainedChanges) {
        return new EmbeddedRegistry(RegistryDatabase.open(directory.resolve(FILE_NAME)), retainedChanges);
    }

    @Override
    public Optional<SchemaDefinition> schema(String name) {
        return database.query("SELECT " + SCHEMA_COLUMNS + " FROM schemas WHERE name = ?", List.of(name), EmbeddedRegistry::toSchema).stream().findFirst();
    }

    @Override
    public List<SchemaDefinition> schemas() {
        return database.query("SELECT " + SCHEMA_COLUMNS + " FROM schemas ORDER BY name", List.of(), EmbeddedRegistry::toSchema);
    }

    @Override
    public boolean putSchema(SchemaDefinition schema) {
        return database.transaction(() -> {
            boolean existed = schema(schema.name()).isPresent();
            SegmentKey key = schema.segmentKey();
            database.update("INSERT INTO schemas (" + SCHEMA_COLUMNS + ") VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET sql = excluded.sql, "
                    + "segment_key = excluded.segment_key, segment_pattern = excluded.segment_pattern",
                    Arrays.asList(schema.name(), schema.sql(), key == null ? null : key.column(), key == null ? null : key.pattern()));
            database.changed();
            return !existed;
        });
    }

    @Override
    public boolean deleteSchema(String name) {
        return database.transaction(() -> changedIf(database.update("DELETE FROM schemas WHERE name = ?", List.of(name)) > 0));
    }

    @Override
    public Optional<SegmentRecord> segment(SegmentId id) {
        return database.query("SELECT " + SEGMENT_COLUMNS + " FROM segments WHERE id = ?", List.of(id.value()), EmbeddedRegistry::toSegment)
                .stream().findFirst();
    }

    @Override
    public void putSegment(SegmentRecord segment) {
        database.transaction(() -> {
            database.update("INSERT INTO segments (" + SEGMENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (id) DO UPDATE SET schema = excluded.schema, generation = excluded.generation, "
                    + "size_bytes = excluded.size_bytes, checksum = excluded.checksum, remote_path = excluded.remote_path, "
                    + "tier = excluded.tier", values(segment));
            database.changed();
            changes.append(segment.id().value(), null);
            return null;
        });
    }

    /** One transaction for all of them: registering 100,000 segments takes seconds, not an fsync each. */
    @Override
    public void putSegments(List<SegmentRecord> segments) {
        database.transaction(() -> {
            for (SegmentRecord segment : segments) putSegment(segment);
            return null;
        });
    }

    @Override
    public boolean replaceSegment(SegmentRecord expected, SegmentRecord replacement) {
        if (!expected.id().equals(replacement.id())) {
            throw new IllegalArgumentException("a replacement keeps the segment's id: " + expected.id() + " is not " + replacement.id());
        }
        return database.transaction(() -> {
            if (!segment(expected.id()).equals(Optional.of(expected))) return false;
            putSegment(replacement);
            return true;
        });
    }

    @Override
    public boolean deleteSegment(SegmentId id) {
        // Replicas stay: each worker drops its copy of a deleted segment, then its replica (the row is how it
        // knows the copy was the cluster's and not a file put there by hand).
        return database.transaction(() -> {
            if (database.update("DELETE FROM assignments WHERE segment = ?", List.of(id.value())) > 0) database.assignmentsChanged();
            boolean deleted = changedIf(database.update("DELETE FROM segments WHERE id = ?", List.of(id.value())) > 0);
            if (deleted) changes.append(id.value(), null);
            return deleted;
        });
    }

    @Override
    public SegmentPage segments(String prefix, String after, int limit) {
        SegmentPage.requirePositive(limit);
        String from = prefix == null ? "" : prefix;
        String start = after != null && after.compareTo(from) >= 0 ? after : null;
        // Range scan on the primary key: ids >= prefix and < prefix followed by the highest character.
        List<Object> values = new ArrayList<>(List.of(from, from + Character.MAX_VALUE));
        StringBuilder sql = new StringBuilder("SELECT " + SEGMENT_COLUMNS + " FROM segments WHERE id >= ? AND id < ?");
        if (start != null) {
            sql.append(" AND id > ?");
            values.add(start);
        }
        sql.append(" ORDER BY id LIMIT ?");
        values.add(limit + 1);
        return SegmentPage.fromRows(database.query(sql.toString(), values, EmbeddedRegistry::toSegment), limit);
    }

    @Override
    public SegmentPage segmentsMatching(String regex, String after, int limit) {
        SegmentPage.requirePositive(limit);
        Pattern.compile(regex); // a bad pattern fails here, with Java's message, not inside SQLite
        return SegmentPage.fromRows(database.query("SELECT " + SEGMENT_COLUMNS + " FROM segments WHERE id > ? AND id REGEXP ? ORDER BY id LIMIT ?",
                List.of(after == null ? "" : after, regex, limit + 1), EmbeddedRegistry::toSegment), limit);
    }

    @Override
    public SegmentPage segmentsOfSchema(String schema, String after, int limit) {
        SegmentPage.requirePositive(limit);
        return SegmentPage.fromRows(database.query("SELECT " + SEGMENT_COLUMNS + " FROM segments WHERE schema = ? AND id > ? ORDER BY id LIMIT ?",
                List.of(schema, after == null ? "" : after, limit + 1), EmbeddedRegistry::toSegment), limit);
    }

    @Override
    public long segmentCountBySchema(String schema) {
        return database.query("SELECT count(*) FROM segments WHERE schema = ?", List.of(schema), rows -> rows.getLong(1)).get(0);
    }

    @Override
    public Workers workers() {
        return workers;
    }

    @Override
    public Placements placements() {
        return placements;
    }

    @Override
    public Leases leases() {
        return leases;
    }

    @Override
    public Watch followChanges(Consumer<RegistryChange> listener) {
        return new ChangeFollower(changes, this, listener);
    }

    /** The records of the segments that exist among {@code ids}. */
    Map<SegmentId, SegmentRecord> segmentsById(Collection<SegmentId> ids) {
        Map<SegmentId, SegmentRecord> found = new HashMap<>();
        for (SegmentRecord segment : database.queryIn("SELECT " + SEGMENT_COLUMNS + " FROM segments WHERE id IN (%s)",
                ids.stream().map(SegmentId::value).toList(), EmbeddedRegistry::toSegment)) {
            found.put(segment.id(), segment);
        }
        return found;
    }

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    @Override
    public String version() {
        return database.version();
    }

    @Override
    public void close() {
        database.close();
    }

    private boolean changedIf(boolean changed) {
        if (changed) database.changed();
        return changed;
    }

    private static List<Object> values(SegmentRecord segment) {
        return Arrays.asList(segment.id().value(), segment.schema(), segment.generation(), segment.sizeBytes(),
                segment.checksum(), segment.remotePath(), segment.tier().name());
    }

    private static SchemaDefinition toSchema(ResultSet rows) throws SQLException {
        String key = rows.getString("segment_key");
        return new SchemaDefinition(rows.getString("name"), rows.getString("sql"), key == null ? null : SegmentKey.of(key, rows.getString("segment_pattern")));
    }

    private static SegmentRecord toSegment(ResultSet rows) throws SQLException {
        return new SegmentRecord(SegmentId.of(rows.getString("id")), rows.getString("schema"), rows.getLong("generation"),
                rows.getLong("size_bytes"), rows.getString("checksum"), rows.getString("remote_path"), Tier.valueOf(rows.getString("tier")));
    }
}
