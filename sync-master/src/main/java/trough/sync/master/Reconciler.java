package trough.sync.master;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.Registry;
import trough.core.registry.Replica;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;
import trough.core.registry.WorkerRecord;
import trough.core.segment.SegmentId;
import trough.sync.placement.PlacementPlanner;
import trough.sync.placement.PlacementReport;
import trough.sync.placement.PlacementRing;
import trough.sync.placement.RingMember;
import trough.sync.placement.SegmentToPlace;

/**
 * Turns segments and workers into assignments. It pages through the segments that can be fetched (promoted,
 * or created from a schema and so kept in a change log), places each on the ring of workers heard from within the grace period, and writes only the
 * differences, fenced by the leader lease. When neither the registry nor the set of members changed since
 * the last complete round, it does nothing at all. A round also counts the segments with fewer than R copies
 * served by live workers, for the operators.
 */
final class Reconciler {
    private static final int PAGE = 2_000;

    private final Registry registry;
    private final MasterSettings settings;
    private String lastState;
    private List<RingMember> lastMembers;
    private String lastVersion;

    Reconciler(Registry registry, MasterSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    /**
     * One round; answers null when nothing changed since the last, or when the lease was lost midway.
     * {@code leadership} answers the leader lease (kept renewed) before each page's writes, empty once lost.
     */
    ReconcileRound reconcile(Supplier<Optional<Lease>> leadership) {
        long start = System.nanoTime();
        Instant now = registry.now();
        List<WorkerRecord> workers = registry.workers().all();
        List<RingMember> members = members(workers, now);
        String version = registry.version();
        String state = version + "|" + members;
        if (state.equals(lastState)) return null;
        String changes = RoundChanges.between(lastMembers, lastVersion, members, version);
        Set<String> serving = workers.stream().filter(worker -> worker.aliveAt(now)).map(WorkerRecord::id).collect(Collectors.toSet());
        PlacementPlanner planner = new PlacementPlanner(PlacementRing.of(members), settings.replicas());
        long segments = 0;
        long underReplicated = 0;
        long added = 0;
        long removed = 0;
        String after = null;
        do {
            SegmentPage page = registry.segments("", after, PAGE);
            // A promoted segment can be fetched from its copy; one created from a schema, from its change log.
            List<SegmentRecord> promoted = page.segments().stream().filter(segment -> segment.remotePath() != null || segment.schema() != null).toList();
            List<SegmentId> ids = promoted.stream().map(SegmentRecord::id).toList();
            Map<SegmentId, List<Assignment>> current = registry.placements().assignmentsOf(ids);
            Map<SegmentId, List<Replica>> copies = registry.placements().replicasOf(ids);
            List<Assignment> toAdd = new ArrayList<>();
            List<Assignment> toRemove = new ArrayList<>();
            for (SegmentRecord segment : promoted) {
                List<String> holders = current.getOrDefault(segment.id(), List.of()).stream().map(Assignment::worker).toList();
                List<String> chosen = planner.place(new SegmentToPlace(segment.id(), segment.sizeBytes(), segment.tier()), holders);
                for (String worker : chosen) if (!holders.contains(worker)) toAdd.add(new Assignment(segment.id(), worker));
                for (String worker : holders) if (!chosen.contains(worker)) toRemove.add(new Assignment(segment.id(), worker));
                if (servedCopies(segment, copies.getOrDefault(segment.id(), List.of()), serving) < settings.replicas()) underReplicated++;
            }
            if (!toAdd.isEmpty() || !toRemove.isEmpty()) {
                Optional<Lease> lease = leadership.get();
                if (lease.isEmpty() || !registry.placements().assign(lease.get(), toAdd, toRemove)) return null;
                added += toAdd.size();
                removed += toRemove.size();
            }
            segments += promoted.size();
            after = page.next();
        } while (after != null);
        // Our own writes moved the version: remember the state they led to.
        lastVersion = registry.version();
        lastMembers = members;
        lastState = lastVersion + "|" + members;
        PlacementReport report = planner.report();
        return new ReconcileRound(members.size(), segments, added, removed, underReplicated, changes, report,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Live workers holding a copy at the segment's promoted generation (or a newer one, its writer's). */
    private static long servedCopies(SegmentRecord segment, List<Replica> replicas, Set<String> serving) {
        return replicas.stream().filter(replica -> serving.contains(replica.worker()) && replica.generation() >= segment.generation())
                .map(Replica::worker).distinct().count();
    }

    /** Forgets the last state, so that a new leader reconciles at least once. */
    void reset() {
        lastState = null;
        lastMembers = null;
        lastVersion = null;
    }

    private List<RingMember> members(List<WorkerRecord> workers, Instant now) {
        List<RingMember> members = new ArrayList<>();
        for (WorkerRecord worker : workers) {
            // Within the grace period a silent worker keeps its place: a restart moves nothing.
            if (worker.heartbeatAt().plus(settings.grace()).isAfter(now)) {
                members.add(new RingMember(worker.id(), worker.capacityBytes(), worker.tier()));
            }
        }
        members.sort(Comparator.comparing(RingMember::id));
        return members;
    }

    /**
     * @param segments        the segments placed
     * @param underReplicated of those, the ones with fewer than R copies served by live workers when the round read them
     * @param changes         what set the round off ({@link RoundChanges})
     */
    record ReconcileRound(int members, long segments, long added, long removed, long underReplicated, String changes,
                          PlacementReport report, Duration took) {}
}
