package trough.sync.master;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.Registry;
import trough.core.registry.RegistryChange;
import trough.core.registry.RegistryException;
import trough.core.registry.Replica;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Watch;
import trough.core.registry.WorkerRecord;
import trough.core.segment.SegmentId;
import trough.sync.placement.PlacementPlanner;
import trough.sync.placement.PlacementRing;
import trough.sync.placement.RingMember;
import trough.sync.placement.RingMoves;

/**
 * Turns segments and workers into assignments, from changes. A new master follows the registry's change stream
 * (a standby already follows it), then reads its view once in the background (every segment that can be fetched,
 * every assignment and replica, a page at a time), placing each segment that changes meanwhile on its own; once
 * the view is in it places it all, writing the differences in large fenced chunks. From then on a round places only what
 * changed: a segment promoted, resized or moved to another tier; when a worker joins, leaves or changes capacity
 * or tier, the segments in the stretches of the ring that move. Workers are few and judged by the clock, so each
 * round reads them whole. A round with nothing to do reads the workers and nothing else. A paced safety sweep
 * reads the registry page by page in the background of the rounds and corrects whatever drifted.
 */
final class Reconciler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** Rows per page when a new master reads its view. */
    private static final int LOAD_PAGE = 10_000;
    /** How long a new master waits for a change before it looks again whether its view is in. */
    private static final long LOAD_WAIT_MILLIS = 100;
    /** Segments changed most recently that a standby keeps (see {@link #standBy}). */
    static final int STANDBY_KEPT = 10_000;
    /** Segments per page of the safety sweep: one page of reads per slice at least. */
    private static final int SWEEP_PAGE = 2_000;
    /** How often the safety sweep starts a pass over the registry. */
    static final Duration SWEEP_EVERY = Duration.ofMinutes(10);

    private final Registry registry;
    private final MasterSettings settings;
    private final Duration sweepEvery;
    private final Runnable wake;
    private PlacementView view;
    private ChangeInbox inbox;
    private Watch feed;
    private List<RingMember> members;
    private Set<String> serving;
    private PlacementPlanner planner;
    private SafetySweep sweep;
    /** A standby's segments changed most recently, oldest first (see {@link #standBy}). */
    private final LinkedHashMap<SegmentId, Optional<SegmentRecord>> recent = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<SegmentId, Optional<SegmentRecord>> eldest) {
            return size() > STANDBY_KEPT;
        }
    };
    /** Writes a round's full chunks behind it, one at a time (see {@link AssignmentWrites}). */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "trough-master-assignment-writer");
        thread.setDaemon(true);
        return thread;
    });

    Reconciler(Registry registry, MasterSettings settings) {
        this(registry, settings, SWEEP_EVERY, () -> {});
    }

    /** {@code wake} is called, on the registry's thread, when a change arrives: the master then runs a round soon. */
    Reconciler(Registry registry, MasterSettings settings, Duration sweepEvery, Runnable wake) {
        this.registry = registry;
        this.settings = settings;
        this.sweepEvery = sweepEvery;
        this.wake = wake;
    }

    /**
     * One round; answers null when nothing changed, or when the lease was lost midway (the view is dropped then,
     * and read again if this master leads again). {@code leadership} answers the leader lease (kept renewed)
     * before each chunk of writes, empty once lost. A round that fails part way (the registry failed) drops its
     * view too: what it placed may not all be written, and changes it had taken from the stream are not applied.
     */
    ReconcileRound reconcile(Supplier<Optional<Lease>> leadership) {
        long start = System.nanoTime();
        try {
            if (view == null) return rebuild(leadership, start, RoundChanges.FIRST);
            ChangeInbox.Drained drained = inbox.drain();
            if (drained.missed() != null) {
                LOG.warn("sync {}: changes may have been missed ({}); reading the registry again", settings.syncId(), drained.missed());
                reset();
                return rebuild(leadership, start, "changes missed, view read again");
            }
            return follow(drained, leadership, start);
        } catch (Fenced fenced) {
            awaitWriter();
            reset();
            return null;
        } catch (RuntimeException failed) {
            awaitWriter();
            reset();
            throw failed;
        }
    }

    /** Waits until no chunk is being written: a view read again must not miss a chunk still landing. */
    private void awaitWriter() {
        try {
            CompletableFuture.runAsync(() -> {}, writer).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RejectedExecutionException e) {
            // closed: nothing is written any more
        }
    }

    /**
     * The first round as master: follows the registry's changes (a standby already does), starts reading the view
     * in the background, and places each changed segment the moment it is heard ({@link ChangesDuringLoad}) until
     * the view is in; then lays those over the view, places everything on the ring of the workers of that time
     * (a worker lost or joined meanwhile included) as a full pass did, and writes the differences.
     */
    private ReconcileRound rebuild(Supplier<Optional<Lease>> leadership, long start, String changes) {
        follow();
        // What was heard before now (a standby's recent changes) is placed first. The load starts after this drain,
        // so whatever happened before it (replicas, or changes the stream missed) is in what the load reads. When
        // the stream missed changes, what was heard may be older than the registry (a segment deleted since): the
        // load alone places it then.
        ChangeInbox.Drained before = inbox.drain();
        Map<SegmentId, Optional<SegmentRecord>> heard = new LinkedHashMap<>(recent);
        recent.clear();
        if (before.missed() == null) heard.putAll(before.segments());
        else heard.clear();
        long reading = System.nanoTime();
        ChangesDuringLoad early = new ChangesDuringLoad(settings.replicas());
        long[] earlyWrites = new long[2];
        ViewLoad load = new ViewLoad(registry, LOAD_PAGE);
        ViewLoad.Loaded loaded;
        try {
            placeDuringLoad(early, heard, leadership, earlyWrites);
            while (!load.isDone()) {
                if (leadership.get().isEmpty()) throw new Fenced();
                ChangeInbox.Drained drained = inbox.awaitDrain(LOAD_WAIT_MILLIS);
                if (drained.missed() != null) {
                    // What was placed is written; a load started now reads it, and every change made before now.
                    LOG.warn("sync {}: changes may have been missed while its view loaded ({}); reading it again", settings.syncId(), drained.missed());
                    load.close();
                    early = new ChangesDuringLoad(settings.replicas());
                    load = new ViewLoad(registry, LOAD_PAGE);
                    continue;
                }
                early.keepReplicas(drained.replicas());
                placeDuringLoad(early, drained.segments(), leadership, earlyWrites);
            }
            loaded = load.get();
        } finally {
            load.close();
        }
        view = loaded.view();
        List<PlacementView.Segment> order = loaded.order();
        early.applyTo(view, order);
        LOG.info("sync {}: read its view in {} ms: {} segment(s) to place; {} changed segment(s) placed while it loaded",
                settings.syncId(), (System.nanoTime() - reading) / 1_000_000, view.size(), early.segmentsPlaced());
        sweep = new SafetySweep(sweepEvery, settings.interval().dividedBy(4));
        Instant now = registry.now();
        List<WorkerRecord> workers = registry.workers().all();
        members = members(workers, now);
        serving = serving(workers, now);
        planner = new PlacementPlanner(PlacementRing.of(members), settings.replicas());
        AssignmentWrites writes = new AssignmentWrites(writer);
        for (PlacementView.Segment segment : order) {
            if (view.get(segment.id) != segment) continue; // deleted while the view loaded
            place(segment, writes, leadership);
            view.judge(segment, serving, settings.replicas());
        }
        flush(writes, leadership);
        ReconcileRound round = round(changes, writes, start);
        return new ReconcileRound(round.members(), round.segments(), round.added() + earlyWrites[0], round.removed() + earlyWrites[1],
                round.underReplicated(), round.shortOfWorkers(), round.balance(), round.changes(), round.took());
    }

    /** Places segments heard of while the view loads, on the ring of the workers as they are now; counts the writes. */
    private void placeDuringLoad(ChangesDuringLoad early, Map<SegmentId, Optional<SegmentRecord>> changed, Supplier<Optional<Lease>> leadership,
                                 long[] written) {
        if (changed.isEmpty()) return;
        Instant now = registry.now();
        List<WorkerRecord> workers = registry.workers().all();
        Map<String, Long> used = new HashMap<>();
        for (WorkerRecord worker : workers) used.put(worker.id(), worker.usedBytes());
        AssignmentWrites writes = new AssignmentWrites(writer);
        early.place(changed, members(workers, now), used, registry.placements(), writes, () -> flush(writes, leadership));
        written[0] += writes.added();
        written[1] += writes.removed();
    }

    /** Opens the registry's change stream unless it is open. */
    private void follow() {
        if (feed != null) return;
        inbox = new ChangeInbox(wake);
        feed = registry.followChanges(inbox);
    }

    /**
     * While another sync server is master: follows the registry's changes and keeps the segments changed most
     * recently (up to {@link #STANDBY_KEPT}), so that once this one takes the lease it places those at once, while
     * its view loads: a segment promoted after the old master died and before this one took over is heard of
     * here, where a stream opened only with the lease would never tell of it. Older changes are dropped: the
     * view, read after the lease is taken, holds them.
     */
    void standBy() {
        follow();
        ChangeInbox.Drained drained = inbox.drain();
        if (drained.missed() != null) {
            // What it kept may be older than the registry now (a segment deleted unheard): placing it would be wrong.
            recent.clear();
            return;
        }
        for (Map.Entry<SegmentId, Optional<SegmentRecord>> change : drained.segments().entrySet()) {
            recent.remove(change.getKey());
            recent.put(change.getKey(), change.getValue());
        }
    }

    /**
     * Forgets the view (a master that leads again reads it anew) but goes on following the registry's changes, if
     * it does, and keeps what it heard: a sync server that just took the lease.
     */
    void dropView() {
        view = null;
        members = null;
        serving = null;
        planner = null;
    }

    private ReconcileRound follow(ChangeInbox.Drained drained, Supplier<Optional<Lease>> leadership, long start) {
        Instant now = registry.now();
        List<WorkerRecord> workers = registry.workers().all();
        List<RingMember> newMembers = members(workers, now);
        Set<String> newServing = serving(workers, now);
        List<String> workerChanges = RoundChanges.ofWorkers(members, newMembers);
        AssignmentWrites writes = new AssignmentWrites(writer);

        List<PlacementView.Segment> moved = List.of();
        if (!newMembers.equals(members)) {
            PlacementRing before = planner.ring();
            PlacementRing after = PlacementRing.of(newMembers);
            RingMoves moves = RingMoves.between(before, after, settings.replicas());
            Set<String> memberIds = newMembers.stream().map(RingMember::id).collect(Collectors.toSet());
            moved = new ArrayList<>();
            for (PlacementView.Segment segment : view.all()) {
                if (moves.moves(segment.hash, segment.tier) || !memberIds.containsAll(segment.holderList())) moved.add(segment);
            }
            planner = new PlacementPlanner(after, settings.replicas(), view.heldBytes());
            members = newMembers;
            LOG.info("sync {}: {}; {} segment(s) in the stretches of the ring that move", settings.syncId(), String.join("; ", workerChanges), moved.size());
        }
        for (Map.Entry<SegmentId, Optional<SegmentRecord>> change : drained.segments().entrySet()) {
            applySegment(change.getKey(), change.getValue().orElse(null), writes, leadership);
        }
        for (PlacementView.Segment segment : moved) {
            if (view.get(segment.id) != segment) continue; // deleted by a change just applied
            planner.release(segment.toPlace(), segment.holderList());
            place(segment, writes, leadership);
        }
        for (RegistryChange.ReplicaChanged change : drained.replicas()) {
            PlacementView.Segment segment = view.get(change.segment());
            if (segment == null) continue;
            view.setReplica(segment, change.worker(), change.replica() == null ? null : change.replica().generation());
            view.judge(segment, newServing, settings.replicas());
        }
        boolean servingChanged = !newServing.equals(serving);
        if (servingChanged) {
            Set<String> flipped = new HashSet<>(newServing);
            flipped.addAll(serving);
            flipped.removeIf(id -> newServing.contains(id) && serving.contains(id));
            for (PlacementView.Segment segment : view.all()) {
                for (String worker : segment.replicaWorkers) {
                    if (flipped.contains(worker)) {
                        view.judge(segment, newServing, settings.replicas());
                        break;
                    }
                }
            }
            serving = newServing;
        }
        flush(writes, leadership);
        boolean swept = sweepSlice(leadership, writes);
        if (drained.isEmpty() && workerChanges.isEmpty() && !servingChanged && !swept) return null;
        // A worker that joined or left also starts or stops serving: said once, as a worker change.
        String changes = RoundChanges.describe(workerChanges, drained.segments().size(), drained.replicas().size(),
                servingChanged && workerChanges.isEmpty(), swept);
        return round(changes, writes, start);
    }

    /** A segment's new record (null: deleted): placed again when its size or tier changed, judged again always. */
    private void applySegment(SegmentId id, SegmentRecord record, AssignmentWrites writes, Supplier<Optional<Lease>> leadership) {
        PlacementView.Segment known = view.get(id);
        if (!PlacementView.placeable(record)) {
            // Deleted (the registry dropped its assignments), or no longer fetchable: its bytes count nowhere now.
            if (known != null) {
                planner.release(known.toPlace(), known.holderList());
                view.remove(id);
            }
            return;
        }
        boolean movesAgain = known == null || known.sizeBytes != record.sizeBytes() || known.tier != record.tier();
        if (known != null && movesAgain) planner.release(known.toPlace(), known.holderList());
        PlacementView.Segment segment = view.put(record);
        segment.seenInSweep = sweep.pass();
        if (movesAgain) place(segment, writes, leadership);
        view.judge(segment, serving, settings.replicas());
    }

    /**
     * Places the segment on the planner's ring, whose counts must not include it (a new planner's, or after
     * {@link PlacementPlanner#release}); queues the differences and takes the chosen workers as its holders.
     */
    private void place(PlacementView.Segment segment, AssignmentWrites writes, Supplier<Optional<Lease>> leadership) {
        List<String> holders = segment.holderList();
        List<String> chosen = planner.place(segment.toPlace(), holders);
        boolean changed = false;
        for (String worker : chosen) {
            if (!holders.contains(worker)) {
                writes.add(new Assignment(segment.id, worker));
                changed = true;
            }
        }
        for (String worker : holders) {
            if (!chosen.contains(worker)) {
                writes.remove(new Assignment(segment.id, worker));
                changed = true;
            }
        }
        if (changed) view.setHolders(segment, chosen);
        view.setShort(segment, chosen.size() < settings.replicas());
        if (writes.isFull() && !writes.writeBehind(registry.placements(), leadership)) throw new Fenced();
    }

    private void flush(AssignmentWrites writes, Supplier<Optional<Lease>> leadership) {
        if (!writes.flush(registry.placements(), leadership)) throw new Fenced();
    }

    /**
     * One slice of the safety sweep, if a pass is due: pages of the registry read as a full pass reads them, each
     * segment's record, assignments and replicas taken from the registry and the segment placed again. Answers
     * whether it found anything to correct.
     */
    private boolean sweepSlice(Supplier<Optional<Lease>> leadership, AssignmentWrites writes) {
        if (!sweep.due()) return false;
        long before = writes.added() + writes.removed();
        boolean corrected = false;
        long deadline = System.nanoTime() + sweep.slice().toNanos();
        do {
            SegmentPage page = registry.segments("", sweep.after(), SWEEP_PAGE);
            List<SegmentId> ids = page.segments().stream().map(SegmentRecord::id).toList();
            Map<SegmentId, List<Assignment>> assigned = registry.placements().assignmentsOf(ids);
            Map<SegmentId, List<Replica>> copies = registry.placements().replicasOf(ids);
            for (SegmentRecord record : page.segments()) {
                PlacementView.Segment known = view.get(record.id());
                if (!PlacementView.placeable(record)) {
                    if (known != null) {
                        applySegment(record.id(), null, writes, leadership);
                        corrected = true;
                    }
                    continue;
                }
                if (known != null) planner.release(known.toPlace(), known.holderList());
                PlacementView.Segment segment = view.put(record);
                segment.seenInSweep = sweep.pass();
                List<String> holders = assigned.getOrDefault(record.id(), List.of()).stream().map(Assignment::worker).toList();
                if (known == null || !Set.copyOf(holders).equals(Set.copyOf(known.holderList()))) corrected = true;
                view.setHolders(segment, holders);
                view.clearReplicas(segment);
                for (Replica replica : copies.getOrDefault(record.id(), List.of())) view.setReplica(segment, replica.worker(), replica.generation());
                place(segment, writes, leadership);
                view.judge(segment, serving, settings.replicas());
            }
            // Written before the next page is read, so that the registry the sweep reads is the one it placed.
            flush(writes, leadership);
            sweep.advance(page.next());
        } while (sweep.running() && System.nanoTime() < deadline);
        if (!sweep.running()) corrected |= dropUnseen();
        return corrected || writes.added() + writes.removed() > before;
    }

    /** At the end of a sweep: segments neither seen nor changed during it are gone from the registry. */
    private boolean dropUnseen() {
        List<SegmentId> gone = new ArrayList<>();
        for (PlacementView.Segment segment : view.all()) if (segment.seenInSweep != sweep.pass()) gone.add(segment.id);
        for (SegmentId id : gone) {
            PlacementView.Segment segment = view.get(id);
            planner.release(segment.toPlace(), segment.holderList());
            view.remove(id);
        }
        return !gone.isEmpty();
    }

    private ReconcileRound round(String changes, AssignmentWrites writes, long start) {
        return new ReconcileRound(members.size(), view.size(), writes.added(), writes.removed(), view.underReplicated(), view.shortOfWorkers(),
                planner.report().balance(), changes, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Forgets the view and stops following the registry: a master that leads again reads it anew. */
    void reset() {
        if (feed != null) feed.close();
        feed = null;
        inbox = null;
        recent.clear();
        dropView();
    }

    @Override
    public void close() {
        reset();
        writer.shutdownNow();
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

    private static Set<String> serving(List<WorkerRecord> workers, Instant now) {
        return workers.stream().filter(worker -> worker.aliveAt(now)).map(WorkerRecord::id).collect(Collectors.toSet());
    }

    /** The lease was lost while writing: the round stops, and its view is no longer the registry's. */
    private static final class Fenced extends RuntimeException {
        Fenced() {
            super("the leader lease was lost", null, false, false);
        }
    }

    /**
     * @param segments        the segments the master places (those that can be fetched)
     * @param underReplicated of those, the ones with fewer than R copies served by live workers
     * @param shortOfWorkers  of those, the ones placed on fewer than R workers, for want of eligible ones
     * @param balance         the fullest worker's bytes per capacity over the mean
     * @param changes         what set the round off ({@link RoundChanges})
     */
    record ReconcileRound(int members, long segments, long added, long removed, long underReplicated, long shortOfWorkers, double balance,
                          String changes, Duration took) {}
}
