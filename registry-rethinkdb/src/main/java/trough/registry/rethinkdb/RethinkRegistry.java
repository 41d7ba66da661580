package trough.registry.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.gen.ast.ReqlExpr;
import com.rethinkdb.gen.exc.ReqlQueryLogicError;
import com.rethinkdb.model.MapObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import trough.core.registry.Leases;
import trough.core.registry.Placements;
import trough.core.registry.Registry;
import trough.core.registry.RegistryChange;
import trough.core.registry.RegistryException;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Tier;
import trough.core.registry.Watch;
import trough.core.registry.Workers;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;

/**
 * The registry of a cluster, kept in RethinkDB, which survives losing a minority of its servers. Every
 * conditional change (a lease, a fenced assignment, a segment replaced only if unchanged) is one atomic update
 * of one document decided on the server with the server's clock. Listings page through an index and stop at
 * their limit. docs/registry.md describes the tables.
 */
public final class RethinkRegistry implements Registry {
    private static final RethinkDB r = RethinkDB.r;
    /** Segments written per query when registering many: large enough to amortize the round trip. */
    static final int BATCH = 1_000;

    private final RethinkSession session;
    private final RethinkTables tables;
    private final RethinkWorkers workers;
    private final RethinkLeases leases;
    private final RethinkPlacements placements;
    private final Set<RethinkChangeStream> streams = ConcurrentHashMap.newKeySet();

    private RethinkRegistry(RethinkSession session, RethinkTables tables) {
        this.session = session;
        this.tables = tables;
        this.workers = new RethinkWorkers(session, tables);
        this.leases = new RethinkLeases(session, tables);
        this.placements = new RethinkPlacements(session, tables);
    }

    /** Connects to the first server of {@code location} that answers and makes the tables it lacks. */
    public static RethinkRegistry open(RethinkLocation location) {
        RethinkSession session = new RethinkSession(location);
        try {
            return new RethinkRegistry(session, RethinkTables.ensure(session));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public Optional<SchemaDefinition> schema(String name) {
        Document document = Document.of(session.run("reading schema " + name, () -> tables.schemas().get(name)));
        return Optional.ofNullable(document).map(RethinkRegistry::toSchema);
    }

    @Override
    public List<SchemaDefinition> schemas() {
        return Document.all(session.rows("listing schemas", () -> tables.schemas().orderBy().optArg("index", "name")))
                .stream().map(RethinkRegistry::toSchema).toList();
    }

    @Override
    public boolean putSchema(SchemaDefinition schema) {
        Document result = Document.of(session.run("storing schema " + schema.name(), () -> tables.bumpingVersionIf(
                tables.schemas().insert(toDocument(schema)).optArg("conflict", "replace"),
                "inserted", "replaced")));
        return result.number("inserted") == 1;
    }

    @Override
    public boolean deleteSchema(String name) {
        Document result = Document.of(session.run("deleting schema " + name, () -> tables.bumpingVersionIf(tables.schemas().get(name).delete(), "deleted")));
        return result.number("deleted") == 1;
    }

    @Override
    public Optional<SegmentRecord> segment(SegmentId id) {
        return Optional.ofNullable(Document.of(session.run("reading segment " + id, () -> tables.segments().get(id.value())))).map(RethinkRegistry::toSegment);
    }

    @Override
    public void putSegment(SegmentRecord segment) {
        putSegments(List.of(segment));
    }

    @Override
    public void putSegments(List<SegmentRecord> segments) {
        for (int start = 0; start < segments.size(); start += BATCH) {
            List<MapObject<Object, Object>> batch = new ArrayList<>();
            for (SegmentRecord segment : segments.subList(start, Math.min(segments.size(), start + BATCH))) batch.add(toDocument(segment));
            session.run("storing " + batch.size() + " segment(s)", () -> tables.bumpingVersionIf(
                    tables.segments().insert(batch).optArg("conflict", "replace"), "inserted", "replaced"));
        }
    }

    @Override
    public boolean replaceSegment(SegmentRecord expected, SegmentRecord replacement) {
        if (!expected.id().equals(replacement.id())) {
            throw new IllegalArgumentException("a replacement keeps the segment's id: " + expected.id() + " is not " + replacement.id());
        }
        MapObject<Object, Object> before = toDocument(expected);
        MapObject<Object, Object> after = toDocument(replacement);
        // Run once: a second run after a lost answer would find its own replacement and answer false.
        Document result = Document.of(session.runOnce("replacing segment " + expected.id(), () -> tables.bumpingVersionIf(
                tables.segments().get(expected.id().value()).replace(row -> r.branch(row.eq(before), after, row)), "replaced")));
        return result.number("replaced") == 1;
    }

    @Override
    public boolean deleteSegment(SegmentId id) {
        // Replicas stay, as in the embedded registry: each worker drops its copy, then its replica.
        session.run("deleting the assignments of segment " + id, () -> tables.assignments().get(id.value()).delete());
        Document result = Document.of(session.run("deleting segment " + id, () -> tables.bumpingVersionIf(tables.segments().get(id.value()).delete(), "deleted")));
        return result.number("deleted") == 1;
    }

    @Override
    public SegmentPage segments(String prefix, String after, int limit) {
        SegmentPage.requirePositive(limit);
        String from = prefix == null ? "" : prefix;
        boolean resume = after != null && after.compareTo(from) >= 0;
        Supplier<ReqlExpr> range = () -> tables.segments()
                .between(resume ? after : from, from.isEmpty() ? r.maxval() : from + Character.MAX_VALUE)
                .optArg("left_bound", resume ? "open" : "closed")
                .orderBy().optArg("index", "id");
        return page(session.rows("listing segments starting '" + from + "'", () -> range.get().limit(limit + 1)), limit);
    }

    @Override
    public SegmentPage segmentsMatching(String regex, String after, int limit) {
        SegmentPage.requirePositive(limit);
        Pattern.compile(regex); // a bad pattern fails here, with Java's message
        String anchored = "^(?:" + regex + ")$";
        Supplier<ReqlExpr> range = () -> tables.segments().between(after == null ? r.minval() : after, r.maxval()).optArg("left_bound", "open")
                .orderBy().optArg("index", "id")
                .filter(row -> row.g("id").match(anchored));
        try {
            return page(session.rows("listing segments matching " + regex, () -> range.get().limit(limit + 1)), limit);
        } catch (RegistryException e) {
            // RethinkDB speaks RE2: lookarounds and backreferences, valid in Java, are refused there.
            if (e.getCause() instanceof ReqlQueryLogicError) {
                throw new IllegalArgumentException("the registry cannot match '" + regex + "' (RethinkDB uses RE2 syntax): " + e.getCause().getMessage());
            }
            throw e;
        }
    }

    @Override
    public SegmentPage segmentsOfSchema(String schema, String after, int limit) {
        SegmentPage.requirePositive(limit);
        Supplier<ReqlExpr> range = () -> tables.segments()
                .between(r.array(schema, after == null ? r.minval() : after), r.array(schema, r.maxval()))
                .optArg("index", RethinkTables.BY_SCHEMA).optArg("left_bound", after == null ? "closed" : "open")
                .orderBy().optArg("index", RethinkTables.BY_SCHEMA);
        return page(session.rows("listing the segments of schema " + schema, () -> range.get().limit(limit + 1)), limit);
    }

    @Override
    public long segmentCountBySchema(String schema) {
        Object count = session.run("counting the segments of schema " + schema, () -> tables.segments()
                .between(r.array(schema, r.minval()), r.array(schema, r.maxval())).optArg("index", RethinkTables.BY_SCHEMA).count());
        return ((Number) count).longValue();
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
        RethinkChangeStream stream = new RethinkChangeStream(session, tables, listener, streams::remove);
        streams.add(stream);
        return stream;
    }

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(((Number) session.run("reading the server's clock", () -> RethinkTables.nowMillis())).longValue());
    }

    @Override
    public String version() {
        Document version = Document.of(session.run("reading the registry's version", () -> tables.version()));
        return version.text("registry") + "-" + version.number("changes");
    }

    @Override
    public void close() {
        for (RethinkChangeStream stream : List.copyOf(streams)) stream.close();
        placements.close();
        session.close();
    }

    private static SegmentPage page(Object rows, int limit) {
        return SegmentPage.fromRows(Document.all(rows).stream().map(RethinkRegistry::toSegment).toList(), limit);
    }

    private static MapObject<Object, Object> toDocument(SegmentRecord segment) {
        return r.hashMap("id", segment.id().value()).with("schema", segment.schema()).with("generation", segment.generation())
                .with("size_bytes", segment.sizeBytes()).with("checksum", segment.checksum()).with("remote_path", segment.remotePath())
                .with("tier", segment.tier().name());
    }

    static SegmentRecord toSegment(Document document) {
        return new SegmentRecord(SegmentId.of(document.text("id")), document.text("schema"), document.number("generation"),
                document.number("size_bytes"), document.text("checksum"), document.text("remote_path"), Tier.valueOf(document.text("tier")));
    }

    private static MapObject<Object, Object> toDocument(SchemaDefinition schema) {
        SegmentKey key = schema.segmentKey();
        return r.hashMap("name", schema.name()).with("sql", schema.sql())
                .with("segment_key", key == null ? null : key.column()).with("segment_pattern", key == null ? null : key.pattern());
    }

    private static SchemaDefinition toSchema(Document document) {
        String key = document.text("segment_key");
        return new SchemaDefinition(document.text("name"), document.text("sql"), key == null ? null : SegmentKey.of(key, document.text("segment_pattern")));
    }
}
