package trough.worker.segment;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import trough.core.api.SegmentInfo;
import trough.core.registry.Registry;
import trough.core.registry.Replica;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Tier;
import trough.core.schema.InvalidSchemaException;
import trough.core.schema.SchemaDefinition;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;
import trough.worker.WorkerError;

/**
 * What the worker serves and what it is made from: segments (provision, list, delete) and the schemas
 * they are created from, kept in the registry.
 */
public final class SegmentCatalog {
    private final SegmentStore store;
    private final SegmentConnections connections;
    private final Registry registry;
    private final Supplier<String> workerId;

    public SegmentCatalog(SegmentStore store, SegmentConnections connections, Registry registry, Supplier<String> workerId) {
        this.store = store;
        this.connections = connections;
        this.registry = registry;
        this.workerId = workerId;
    }

    public Registry registry() {
        return registry;
    }

    public boolean serves(SegmentId id) {
        return store.exists(id);
    }

    /**
     * Creates the segment from a registered schema; answers true only when this call created it, in the registry
     * (the cluster's record that it exists) and on disk. The caller holds the segment's write lease, so no other
     * worker creates it meanwhile, and runs one creation of an id at a time on this worker.
     */
    public boolean provision(SegmentId id, String schemaName) {
        SchemaDefinition schema = registry.schema(schemaName).orElseThrow(() -> WorkerError.notFound("unknown_schema", id.value(),
                "schema '" + schemaName + "' is not registered; register it first with PUT /v1/schemas/" + schemaName));
        Optional<SegmentRecord> known = registry.segment(id);
        String existing = known.map(SegmentRecord::schema).orElse(null);
        if (existing != null && !existing.equals(schemaName)) {
            throw new WorkerError(409, "schema_conflict", id.value(),
                    "segment " + id + " already exists with schema '" + existing + "', not '" + schemaName + "'");
        }
        try {
            boolean createdFile = store.create(id, schema);
            if (known.isEmpty()) registry.putSegment(SegmentRecord.local(id, schemaName, store.sizeBytes(id)));
            reportServed(id, known.map(SegmentRecord::generation).orElse(0L));
            return createdFile && known.isEmpty();
        } catch (SQLException e) {
            throw SqliteErrors.toWorkerError(e, id);
        }
    }

    /**
     * What {@link #registerLocalFiles} found: the files it registered, and the ones it skipped, each with why.
     *
     * @param registered segment files the registry did not know, or knew without a schema
     * @param skipped    one line per file that is not a segment: its path and what is wrong with it
     */
    public record LocalFiles(int registered, List<String> skipped) {
        public LocalFiles {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Registers segment files found in the data directory that the registry does not know yet (or knows
     * without a schema) under a schema derived from their own DDL ({@link DerivedSchemas}), and reports every
     * local file as served here (at the generation this worker last reported for it). A file that is not a
     * SQLite database, or holds no table, is skipped and named in the answer.
     */
    public LocalFiles registerLocalFiles() {
        int added = 0;
        List<String> skipped = new ArrayList<>();
        DerivedSchemas derived = null;
        Map<SegmentId, Long> reported = new HashMap<>();
        for (Replica replica : registry.placements().replicasOf(workerId.get())) reported.put(replica.segment(), replica.generation());
        for (SegmentId id : store.list(null)) {
            Optional<SegmentRecord> known = registry.segment(id);
            if (known.isEmpty() || known.get().schema() == null) {
                List<String> tables;
                List<String> statements;
                try (Connection connection = SqliteConnections.openReadOnly(store.path(id))) {
                    tables = SqliteConnections.tableNames(connection);
                    statements = SqliteConnections.schemaStatements(connection);
                } catch (SQLException e) {
                    skipped.add(store.path(id) + ": not a SQLite database, so not served (" + e.getMessage() + ")");
                    continue;
                }
                if (tables.isEmpty()) {
                    skipped.add(store.path(id) + ": a SQLite database without tables, so not served");
                    continue;
                }
                if (derived == null) derived = new DerivedSchemas(registry);
                String schema = derived.schemaFor(tables, statements);
                if (known.isEmpty()) {
                    registry.putSegment(SegmentRecord.local(id, schema, store.sizeBytes(id)));
                } else {
                    SegmentRecord old = known.get();
                    registry.replaceSegment(old, new SegmentRecord(id, schema, old.generation(), old.sizeBytes(), old.checksum(), old.remotePath(), old.tier()));
                }
                added++;
            }
            if (!reported.containsKey(id)) reportServed(id, 0);
        }
        return new LocalFiles(added, skipped);
    }

    /** Tells the registry that this worker serves the segment at that generation: the cluster map lists it from now on. */
    public void reportServed(SegmentId id, long generation) {
        registry.placements().reportReplica(new Replica(id, workerId.get(), generation));
    }

    public List<SegmentInfo> list(String prefix, boolean withRowCounts) {
        List<SegmentInfo> infos = new ArrayList<>();
        for (SegmentId id : store.list(prefix)) {
            infos.add(info(id, withRowCounts));
        }
        return infos;
    }

    public SegmentInfo info(SegmentId id, boolean withRowCounts) {
        if (!store.exists(id)) {
            throw WorkerError.notFound("unknown_segment", id.value(), "segment " + id + " is not served by this worker");
        }
        String schema = registry.segment(id).map(SegmentRecord::schema).orElse(null);
        return new SegmentInfo(id, schema, store.sizeBytes(id), withRowCounts ? rowCounts(id) : null);
    }

    public void delete(SegmentId id) {
        boolean known = registry.segment(id).isPresent();
        if (!store.exists(id) && !known) {
            throw WorkerError.notFound("unknown_segment", id.value(), "segment " + id + " does not exist");
        }
        connections.forget(id);
        store.delete(id);
        registry.deleteSegment(id);
        registry.placements().dropReplica(id, workerId.get());
    }

    /**
     * Marks the segment hot or cold: the sync master moves a cold one to cold workers. A conditional update, so
     * a promotion at the same moment is not lost.
     */
    public SegmentRecord setTier(SegmentId id, Tier tier) {
        while (true) {
            SegmentRecord record = registry.segment(id).orElseThrow(() -> WorkerError.notFound("unknown_segment", id.value(),
                    "segment " + id + " is not registered"));
            if (record.tier() == tier || registry.replaceSegment(record, record.withTier(tier))) return record.withTier(tier);
        }
    }

    public Optional<SchemaDefinition> schema(String name) {
        return registry.schema(name);
    }

    public List<SchemaDefinition> schemas() {
        return registry.schemas();
    }

    /** Validates the DDL on an empty SQLite database, then stores it without a segment key; answers true when the schema is new. */
    public boolean putSchema(String name, String sql) {
        return putSchema(name, sql, null);
    }

    /** Validates the DDL and the segment key (or null), then stores them; answers true when the schema is new. */
    public boolean putSchema(String name, String sql, SegmentKey key) {
        SchemaDefinition schema;
        try {
            schema = SchemaValidator.validate(name, sql, key);
        } catch (InvalidSchemaException e) {
            throw WorkerError.badRequest("bad_schema", null, e.getMessage());
        }
        return registry.putSchema(schema);
    }

    public void deleteSchema(String name) {
        if (registry.schema(name).isEmpty()) {
            throw WorkerError.notFound("unknown_schema", null, "schema '" + name + "' is not registered");
        }
        long users = registry.segmentCountBySchema(name);
        if (users > 0) {
            throw new WorkerError(409, "schema_in_use", null,
                    "schema '" + name + "' is used by " + users + " segment(s); delete them first");
        }
        registry.deleteSchema(name);
    }

    private Map<String, Long> rowCounts(SegmentId id) {
        SegmentConnections.OpenSegment open = null;
        try {
            open = connections.borrowReader(id);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : SqliteConnections.tableNames(open.connection())) {
                try (var statement = open.connection().createStatement();
                     var rows = statement.executeQuery("SELECT count(*) FROM " + SqlScript.quoteIdentifier(table))) {
                    counts.put(table, rows.next() ? rows.getLong(1) : 0);
                }
            }
            return counts;
        } catch (SQLException e) {
            throw SqliteErrors.toWorkerError(e, id);
        } finally {
            if (open != null) connections.release(open);
        }
    }
}
