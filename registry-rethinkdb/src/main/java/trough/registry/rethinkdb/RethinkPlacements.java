package trough.registry.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.gen.ast.ReqlExpr;
import com.rethinkdb.gen.ast.Table;
import com.rethinkdb.model.MapObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.Page;
import trough.core.registry.RegistryException;
import trough.core.registry.Placements;
import trough.core.registry.PlacementRound;
import trough.core.registry.Replica;
import trough.core.registry.Watch;
import trough.core.segment.SegmentId;

/**
 * Assignments and replicas in the RethinkDB registry. Assignments are one document per segment holding its
 * workers ({@link SegmentAssignments}); replicas, reported by workers one at a time, one document per segment and
 * worker, keyed {@code segment/worker} (a segment id holds no '/'). RethinkDB has no transaction over many
 * documents, so an assignment is fenced twice: each query writes only while the leader lease it presents is
 * current and live (checked on the server in that same query), and each document carries the writing leader's
 * epoch, so that a stale leader's late write never overwrites a newer leader's.
 */
final class RethinkPlacements implements Placements, AutoCloseable {
    private static final RethinkDB r = RethinkDB.r;
    private static final Comparator<Assignment> ASSIGNMENT_ORDER =
            Comparator.comparing((Assignment a) -> a.segment().value()).thenComparing(Assignment::worker);
    private static final Comparator<Replica> REPLICA_ORDER =
            Comparator.comparing((Replica replica) -> replica.segment().value()).thenComparing(Replica::worker);

    static final String PLACEMENT_ROUND = "placement_round";
    /** Assignment changes per fenced query: large, as the first placement writes millions. */
    static final int ASSIGN_BATCH = 5_000;
    /** Fenced batches in flight at once: the server writes them on its several cores while the next is sent. */
    static final int PARALLEL_BATCHES = 4;

    private final RethinkSession session;
    private final RethinkTables tables;
    private final Set<RethinkFeed> feeds = ConcurrentHashMap.newKeySet();
    /**
     * Batches in flight, shared by every call: a caller that hands over its next call while the last one's batches
     * still run (the master writes one chunk behind) keeps the server busy without ever having more than this many.
     */
    private final Semaphore slots = new Semaphore(PARALLEL_BATCHES);
    private final ExecutorService writers = Executors.newFixedThreadPool(PARALLEL_BATCHES, runnable -> {
        Thread thread = new Thread(runnable, "trough-assignment-writer");
        thread.setDaemon(true);
        return thread;
    });

    RethinkPlacements(RethinkSession session, RethinkTables tables) {
        this.session = session;
        this.tables = tables;
    }

    /**
     * Many changes go in fenced batches of {@link #ASSIGN_BATCH}, up to {@link #PARALLEL_BATCHES} at once on the
     * multiplexed connection (removals first, then additions); once a batch is refused no other starts.
     *
     * <p>A call of one batch is written with hard durability, as every other write: the server answers once the
     * batch is on disk. A call of several (a first placement, a worker's departure) writes its batches with soft
     * durability, the server answering once they are in its memory, then {@code sync}s the table before it answers:
     * the call returns only once every batch is on disk (on a majority of the table's replicas, as its write acks
     * say: {@code sync} is itself a hard write over the whole table, and each replica writes in order), so a caller
     * counts nothing as written that a crash could still take back. A hard batch holds its slot until its flush is
     * done; soft batches hand it on as soon as the server has them (docs/registry.md has the figures).
     */
    @Override
    public boolean assign(Lease leadership, Collection<Assignment> added, Collection<Assignment> removed) {
        if (removed.isEmpty() && added.isEmpty()) return fenced(leadership, List::of);
        String durability = removed.size() + added.size() > ASSIGN_BATCH ? "soft" : "hard";
        List<Supplier<List<ReqlExpr>>> deletes = new ArrayList<>();
        for (Map<String, List<String>> chunk : SegmentAssignments.removals(removed, ASSIGN_BATCH)) {
            deletes.add(() -> List.of(SegmentAssignments.remove(tables.assignments(), chunk, leadership.epoch(), durability)));
        }
        List<Supplier<List<ReqlExpr>>> inserts = new ArrayList<>();
        for (Map<String, List<String>> chunk : SegmentAssignments.chunks(SegmentAssignments.bySegment(added), ASSIGN_BATCH)) {
            inserts.add(() -> List.of(SegmentAssignments.add(tables.assignments(), chunk, leadership.epoch(), durability)));
        }
        if (!inParallel(leadership, deletes) || !inParallel(leadership, inserts)) return false;
        if (durability.equals("soft")) sync();
        return true;
    }

    /**
     * Waits until every write made to the assignments so far is on disk, as a hard write would have waited: a
     * failure is an error (the caller must not count the soft writes as made), and running it twice is harmless.
     */
    private void sync() {
        session.run("flushing the assignments to disk", () -> tables.assignments().sync());
    }

    /** Runs each fenced batch, at most {@link #PARALLEL_BATCHES} at once over all calls; answers false when any was refused. */
    private boolean inParallel(Lease leadership, List<Supplier<List<ReqlExpr>>> batches) {
        if (batches.size() == 1) return fenced(leadership, batches.get(0));
        AtomicBoolean refused = new AtomicBoolean();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (Supplier<List<ReqlExpr>> batch : batches) {
                slots.acquire();
                if (refused.get()) {
                    slots.release();
                    break;
                }
                running.add(writers.submit(() -> {
                    try {
                        if (!fenced(leadership, batch)) refused.set(true);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<?> batch : running) batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while writing assignments", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw new RegistryException("writing assignments failed: " + e.getCause(), e.getCause());
        }
        return !refused.get();
    }

    /** Runs the writes, on the server, only if {@code leadership} is the leader lease now; answers whether it was. */
    private boolean fenced(Lease leadership, Supplier<List<ReqlExpr>> writes) {
        Supplier<ReqlExpr> query = () -> RethinkTables.nowMillis().do_(now -> tables.leases().get(leadership.name()).do_(lease -> r.branch(
                RethinkLeases.isHeld(lease, leadership).and(lease.g("expires_at").gt(now)),
                r.expr(writes.get()).do_(done -> true),
                false)));
        return Boolean.TRUE.equals(session.run("writing assignments as leader " + leadership.holder() + " (epoch " + leadership.epoch() + ")", query));
    }

    @Override
    public List<Assignment> assignmentsOf(String worker) {
        List<Document> documents = Document.all(session.rows("reading the assignments of worker " + worker,
                () -> SegmentAssignments.ofWorker(tables.assignments(), worker).pluck("id")));
        return documents.stream().map(document -> new Assignment(SegmentId.of(document.text("id")), worker)).sorted(ASSIGNMENT_ORDER).toList();
    }

    @Override
    public Map<SegmentId, List<Assignment>> assignmentsOf(Collection<SegmentId> segments) {
        return bySegment(segments, "assignments", batch -> tables.assignments().getAll(r.args(batch)), SegmentAssignments::assignments,
                Assignment::segment, ASSIGNMENT_ORDER);
    }

    @Override
    public Watch watchAssignments(String worker, Runnable listener) {
        RethinkFeed feed = new RethinkFeed(session, "the assignments of worker " + worker,
                () -> SegmentAssignments.ofWorker(tables.assignments(), worker).changes(), listener, feeds::remove);
        feeds.add(feed);
        return feed;
    }

    /**
     * Segment documents in id order, each giving its assignments in worker order; the cursor is the last assignment
     * returned, so a page holds at most {@code limit} though a document holds several.
     */
    @Override
    public Page<Assignment> assignments(String after, int limit) {
        if (limit < 1) throw new IllegalArgumentException("a page holds at least one row, not " + limit);
        // A segment has R workers, two or more as a rule: half the limit in documents, and the cursor's own, fill a
        // page. A page of segments with fewer holds fewer, never more; it is not the last while documents remain.
        int documents = limit / 2 + 2;
        Assignment from = after == null ? null : SegmentWorkerKey.parse(after);
        List<Document> rows = Document.all(session.rows("listing assignments after " + after, () -> tables.assignments()
                .between(from == null ? r.minval() : from.segment().value(), r.maxval())
                .orderBy().optArg("index", "id").limit(documents)));
        List<Assignment> items = new ArrayList<>();
        for (Document row : rows) {
            for (Assignment assignment : SegmentAssignments.assignments(row)) {
                if (from != null && ASSIGNMENT_ORDER.compare(assignment, from) <= 0) continue;
                if (items.size() == limit) return new Page<>(items, cursor(items.get(limit - 1)));
                items.add(assignment);
            }
        }
        if (rows.size() < documents) return new Page<>(items, null);
        // More documents follow; should these hold no assignment past the cursor, go on after the last one read.
        return new Page<>(items, cursor(items.isEmpty() ? new Assignment(SegmentId.of(rows.get(rows.size() - 1).text("id")), "\uffff")
                : items.get(items.size() - 1)));
    }

    @Override
    public Page<Replica> replicas(String after, int limit) {
        return page(tables.replicas(), after, limit, "replicas", RethinkPlacements::replicaOfKey, "id", "generation");
    }

    /**
     * A page of the whole table in primary key order ({@code segment/worker}), with only the {@code fields} each
     * row needs; the cursor is the last key.
     */
    private <T> Page<T> page(Table table, String after, int limit, String what, Function<Document, T> reader, String... fields) {
        if (limit < 1) throw new IllegalArgumentException("a page holds at least one row, not " + limit);
        List<Document> rows = Document.all(session.rows("listing " + what + " after " + after, () -> table
                .between(after == null ? r.minval() : after, r.maxval()).optArg("left_bound", after == null ? "closed" : "open")
                .orderBy().optArg("index", "id").limit(limit + 1).pluck((Object[]) fields)));
        List<T> items = new ArrayList<>();
        for (Document row : rows.subList(0, Math.min(limit, rows.size()))) items.add(reader.apply(row));
        return new Page<>(items, rows.size() > limit ? rows.get(limit - 1).text("id") : null);
    }

    @Override
    public void reportReplica(Replica replica) {
        session.run("reporting the replica of " + replica.segment() + " on " + replica.worker(), () -> tables.bumpingVersionIf(
                tables.replicas().insert(placement(replica.segment(), replica.worker()).with("generation", replica.generation()))
                        .optArg("conflict", "replace"), "inserted", "replaced"));
    }

    @Override
    public boolean dropReplica(SegmentId segment, String worker) {
        Object result = session.run("dropping the replica of " + segment + " on " + worker,
                () -> tables.bumpingVersionIf(tables.replicas().get(SegmentWorkerKey.of(segment, worker)).delete(), "deleted"));
        return Document.of(result).number("deleted") == 1;
    }

    @Override
    public List<Replica> replicasOf(String worker) {
        return Document.all(session.rows("reading the replicas on worker " + worker, () -> replicasOn(tables.replicas(), worker)))
                .stream().map(RethinkPlacements::toReplica).toList();
    }

    @Override
    public Map<SegmentId, List<Replica>> replicasOf(Collection<SegmentId> segments) {
        return bySegment(tables.replicas(), segments, "replicas", RethinkPlacements::toReplica, Replica::segment, REPLICA_ORDER);
    }

    @Override
    public void close() {
        for (RethinkFeed feed : List.copyOf(feeds)) feed.close();
        writers.shutdownNow();
    }

    /** A worker's replicas in segment order, through the [worker, segment] index. */
    private static ReqlExpr replicasOn(Table table, String worker) {
        return table.between(r.array(worker, r.minval()), r.array(worker, r.maxval())).optArg("index", RethinkTables.BY_WORKER)
                .orderBy().optArg("index", RethinkTables.BY_WORKER);
    }

    private <T> Map<SegmentId, List<T>> bySegment(Table table, Collection<SegmentId> segments, String what, Function<Document, T> reader,
                                                 Function<T, SegmentId> segmentOf, Comparator<T> order) {
        return bySegment(segments, what, batch -> table.getAll(r.args(batch)).optArg("index", RethinkTables.BY_SEGMENT),
                document -> List.of(reader.apply(document)), segmentOf, order);
    }

    private <T> Map<SegmentId, List<T>> bySegment(Collection<SegmentId> segments, String what, Function<Object[], ReqlExpr> rowsOf,
                                                 Function<Document, List<T>> reader, Function<T, SegmentId> segmentOf, Comparator<T> order) {
        List<T> rows = new ArrayList<>();
        List<SegmentId> ids = List.copyOf(segments);
        for (int start = 0; start < ids.size(); start += RethinkRegistry.BATCH) {
            Object[] batch = ids.subList(start, Math.min(ids.size(), start + RethinkRegistry.BATCH)).stream().map(SegmentId::value).toArray();
            Object found = session.rows("reading the " + what + " of " + batch.length + " segment(s)",
                    () -> rowsOf.apply(batch));
            for (Document document : Document.all(found)) rows.addAll(reader.apply(document));
        }
        rows.sort(order);
        Map<SegmentId, List<T>> result = new LinkedHashMap<>();
        for (T row : rows) result.computeIfAbsent(segmentOf.apply(row), key -> new ArrayList<>()).add(row);
        return result;
    }

    private static String cursor(Assignment last) {
        return SegmentWorkerKey.of(last.segment(), last.worker());
    }

    private static MapObject<Object, Object> placement(SegmentId segment, String worker) {
        return r.hashMap("id", SegmentWorkerKey.of(segment, worker)).with("segment", segment.value()).with("worker", worker);
    }

    /** The replica a document's key names, at its generation. */
    private static Replica replicaOfKey(Document document) {
        Assignment pair = SegmentWorkerKey.parse(document.text("id"));
        return new Replica(pair.segment(), pair.worker(), document.number("generation"));
    }

    static Replica toReplica(Document document) {
        return new Replica(SegmentId.of(document.text("segment")), document.text("worker"), document.number("generation"));
    }

    /** The report is one document of {@code meta}, beside the version counter it leaves alone. */
    @Override
    public boolean reportRound(Lease leadership, PlacementRound round) {
        String json = round.toJson();
        return fenced(leadership, () -> List.of(tables.meta().insert(r.hashMap("id", PLACEMENT_ROUND).with("json", json)).optArg("conflict", "replace")));
    }

    @Override
    public Optional<PlacementRound> lastRound() {
        Document document = Document.of(session.run("reading the last placement round", () -> tables.meta().get(PLACEMENT_ROUND)));
        return Optional.ofNullable(document).map(stored -> PlacementRound.fromJson(stored.text("json")));
    }
}
