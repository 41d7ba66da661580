package trough.registry.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.gen.ast.ReqlExpr;
import com.rethinkdb.gen.ast.ReqlFunction3;
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
import java.util.function.Function;
import java.util.function.Supplier;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.Placements;
import trough.core.registry.PlacementRound;
import trough.core.registry.Replica;
import trough.core.registry.Watch;
import trough.core.segment.SegmentId;

/**
 * Assignments and replicas in the RethinkDB registry: one document per segment and worker, keyed
 * {@code segment/worker} (a segment id holds no '/'). RethinkDB has no transaction over many documents, so an
 * assignment is fenced twice: each query writes only while the leader lease it presents is current and live
 * (checked on the server in that same query), and each document carries the writing leader's epoch, so that a
 * stale leader's late write never overwrites a newer leader's.
 */
final class RethinkPlacements implements Placements, AutoCloseable {
    private static final RethinkDB r = RethinkDB.r;
    private static final Comparator<Assignment> ASSIGNMENT_ORDER =
            Comparator.comparing((Assignment a) -> a.segment().value()).thenComparing(Assignment::worker);
    private static final Comparator<Replica> REPLICA_ORDER =
            Comparator.comparing((Replica replica) -> replica.segment().value()).thenComparing(Replica::worker);

    static final String PLACEMENT_ROUND = "placement_round";

    private final RethinkSession session;
    private final RethinkTables tables;
    private final Set<RethinkFeed> feeds = ConcurrentHashMap.newKeySet();

    RethinkPlacements(RethinkSession session, RethinkTables tables) {
        this.session = session;
        this.tables = tables;
    }

    /** Many changes go in batches of {@link RethinkRegistry#BATCH}; a leader fenced part way stops there. */
    @Override
    public boolean assign(Lease leadership, Collection<Assignment> added, Collection<Assignment> removed) {
        List<Assignment> removals = List.copyOf(removed);
        List<Assignment> additions = List.copyOf(added);
        if (removals.isEmpty() && additions.isEmpty()) return fenced(leadership, List::of);
        for (int start = 0; start < removals.size(); start += RethinkRegistry.BATCH) {
            Object[] ids = removals.subList(start, Math.min(removals.size(), start + RethinkRegistry.BATCH)).stream()
                    .map(a -> key(a.segment(), a.worker())).toArray();
            if (!fenced(leadership, () -> List.of(tables.assignments().getAll(r.args(ids))
                    .filter(row -> row.g("epoch").le(leadership.epoch())).delete()))) {
                return false;
            }
        }
        for (int start = 0; start < additions.size(); start += RethinkRegistry.BATCH) {
            List<MapObject<Object, Object>> documents = new ArrayList<>();
            for (Assignment a : additions.subList(start, Math.min(additions.size(), start + RethinkRegistry.BATCH))) {
                documents.add(placement(a.segment(), a.worker()).with("epoch", leadership.epoch()));
            }
            if (!fenced(leadership, () -> List.of(tables.assignments().insert(documents).optArg("conflict",
                    (ReqlFunction3) (id, existing, proposed) -> r.branch(existing.g("epoch").gt(proposed.g("epoch")), existing, proposed))))) {
                return false;
            }
        }
        return true;
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
        return Document.all(session.run("reading the assignments of worker " + worker, () -> ofWorker(tables.assignments(), worker)))
                .stream().map(RethinkPlacements::toAssignment).toList();
    }

    @Override
    public Map<SegmentId, List<Assignment>> assignmentsOf(Collection<SegmentId> segments) {
        return bySegment(tables.assignments(), segments, "assignments", RethinkPlacements::toAssignment, Assignment::segment, ASSIGNMENT_ORDER);
    }

    @Override
    public Watch watchAssignments(String worker, Runnable listener) {
        RethinkFeed feed = new RethinkFeed(session, "the assignments of worker " + worker, () -> ofWorker(tables.assignments(), worker).changes(),
                listener, feeds::remove);
        feeds.add(feed);
        return feed;
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
                () -> tables.bumpingVersionIf(tables.replicas().get(key(segment, worker)).delete(), "deleted"));
        return Document.of(result).number("deleted") == 1;
    }

    @Override
    public List<Replica> replicasOf(String worker) {
        return Document.all(session.run("reading the replicas on worker " + worker, () -> ofWorker(tables.replicas(), worker)))
                .stream().map(RethinkPlacements::toReplica).toList();
    }

    @Override
    public Map<SegmentId, List<Replica>> replicasOf(Collection<SegmentId> segments) {
        return bySegment(tables.replicas(), segments, "replicas", RethinkPlacements::toReplica, Replica::segment, REPLICA_ORDER);
    }

    @Override
    public void close() {
        for (RethinkFeed feed : List.copyOf(feeds)) feed.close();
    }

    /** A worker's documents in segment order, through the [worker, segment] index. */
    private static ReqlExpr ofWorker(Table table, String worker) {
        return table.between(r.array(worker, r.minval()), r.array(worker, r.maxval())).optArg("index", RethinkTables.BY_WORKER)
                .orderBy().optArg("index", RethinkTables.BY_WORKER);
    }

    private <T> Map<SegmentId, List<T>> bySegment(Table table, Collection<SegmentId> segments, String what, Function<Document, T> reader,
                                                 Function<T, SegmentId> segmentOf, Comparator<T> order) {
        List<T> rows = new ArrayList<>();
        List<SegmentId> ids = List.copyOf(segments);
        for (int start = 0; start < ids.size(); start += RethinkRegistry.BATCH) {
            Object[] batch = ids.subList(start, Math.min(ids.size(), start + RethinkRegistry.BATCH)).stream().map(SegmentId::value).toArray();
            Object found = session.run("reading the " + what + " of " + batch.length + " segment(s)",
                    () -> table.getAll(r.args(batch)).optArg("index", RethinkTables.BY_SEGMENT));
            for (Document document : Document.all(found)) rows.add(reader.apply(document));
        }
        rows.sort(order);
        Map<SegmentId, List<T>> result = new LinkedHashMap<>();
        for (T row : rows) result.computeIfAbsent(segmentOf.apply(row), key -> new ArrayList<>()).add(row);
        return result;
    }

    private static String key(SegmentId segment, String worker) {
        return segment.value() + "/" + worker;
    }

    private static MapObject<Object, Object> placement(SegmentId segment, String worker) {
        return r.hashMap("id", key(segment, worker)).with("segment", segment.value()).with("worker", worker);
    }

    private static Assignment toAssignment(Document document) {
        return new Assignment(SegmentId.of(document.text("segment")), document.text("worker"));
    }

    private static Replica toReplica(Document document) {
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
