package trough.sync.master;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Tier;
import trough.core.segment.SegmentId;
import trough.sync.placement.PlacementRing;
import trough.sync.placement.SegmentToPlace;

/**
 * The master's picture of what it places: every segment that can be fetched, the workers assigned to it and the
 * replicas workers report, kept up to date from the registry's changes and the master's own writes, so a change
 * costs the master the segments it touches and not a read of the registry. It also keeps the count of segments
 * below R copies (and short of workers) as segments change, instead of counting them each round.
 *
 * <p>At 1.5 million segments it holds about 200 bytes a segment: worker ids are shared, not copied per segment.
 */
final class PlacementView {
    private static final String[] NONE = new String[0];
    private static final long[] NO_GENERATIONS = new long[0];

    /** One segment as the master sees it. */
    static final class Segment {
        final SegmentId id;
        final long hash;
        long sizeBytes;
        Tier tier;
        long generation;
        String[] holders = NONE;
        String[] replicaWorkers = NONE;
        long[] replicaGenerations = NO_GENERATIONS;
        boolean under;
        boolean shortOfWorkers;
        /** The safety sweep's pass that last saw it, or that it changed during. */
        int seenInSweep;

        Segment(SegmentId id) {
            this.id = id;
            this.hash = PlacementRing.hashOf(id);
        }

        SegmentToPlace toPlace() {
            return new SegmentToPlace(id, sizeBytes, tier);
        }

        List<String> holderList() {
            return Arrays.asList(holders);
        }
    }

    private final Map<SegmentId, Segment> segments = new HashMap<>();
    private final Map<String, String> workerIds = new HashMap<>();
    private long underReplicated;
    private long shortOfWorkers;

    /** A segment can be placed when a worker can fetch it: promoted, or created from a schema (kept in a change log). */
    static boolean placeable(SegmentRecord record) {
        return record != null && (record.remotePath() != null || record.schema() != null);
    }

    Segment get(SegmentId id) {
        return segments.get(id);
    }

    Collection<Segment> all() {
        return segments.values();
    }

    int size() {
        return segments.size();
    }

    /** The segment's entry with the record's size, tier and generation: made when new. */
    Segment put(SegmentRecord record) {
        Segment segment = segments.computeIfAbsent(record.id(), Segment::new);
        segment.sizeBytes = record.sizeBytes();
        segment.tier = record.tier();
        segment.generation = record.generation();
        return segment;
    }

    Segment remove(SegmentId id) {
        Segment removed = segments.remove(id);
        if (removed != null) {
            setUnder(removed, false);
            setShort(removed, false);
        }
        return removed;
    }

    void setHolders(Segment segment, Collection<String> holders) {
        segment.holders = holders.stream().map(this::worker).toArray(String[]::new);
    }

    void addHolder(Segment segment, String worker) {
        for (String holder : segment.holders) if (holder.equals(worker)) return;
        String[] grown = Arrays.copyOf(segment.holders, segment.holders.length + 1);
        grown[segment.holders.length] = worker(worker);
        segment.holders = grown;
    }

    /** Records the worker's replica at {@code generation}, or its absence when null. */
    void setReplica(Segment segment, String worker, Long generation) {
        int at = -1;
        for (int i = 0; i < segment.replicaWorkers.length; i++) if (segment.replicaWorkers[i].equals(worker)) at = i;
        if (generation == null) {
            if (at < 0) return;
            List<String> workers = new ArrayList<>(Arrays.asList(segment.replicaWorkers));
            long[] generations = new long[workers.size() - 1];
            for (int i = 0, j = 0; i < workers.size(); i++) if (i != at) generations[j++] = segment.replicaGenerations[i];
            workers.remove(at);
            segment.replicaWorkers = workers.toArray(NONE);
            segment.replicaGenerations = generations;
        } else if (at >= 0) {
            segment.replicaGenerations[at] = generation;
        } else {
            segment.replicaWorkers = Arrays.copyOf(segment.replicaWorkers, segment.replicaWorkers.length + 1);
            segment.replicaWorkers[segment.replicaWorkers.length - 1] = worker(worker);
            segment.replicaGenerations = Arrays.copyOf(segment.replicaGenerations, segment.replicaGenerations.length + 1);
            segment.replicaGenerations[segment.replicaGenerations.length - 1] = generation;
        }
    }

    void clearReplicas(Segment segment) {
        segment.replicaWorkers = NONE;
        segment.replicaGenerations = NO_GENERATIONS;
    }

    /** Counts the segment below R when fewer than R serving workers hold a copy at its generation (or newer: its writer's). */
    void judge(Segment segment, Set<String> serving, int replicas) {
        int served = 0;
        for (int i = 0; i < segment.replicaWorkers.length; i++) {
            if (serving.contains(segment.replicaWorkers[i]) && segment.replicaGenerations[i] >= segment.generation) served++;
        }
        setUnder(segment, served < replicas);
    }

    void setShort(Segment segment, boolean isShort) {
        if (segment.shortOfWorkers != isShort) shortOfWorkers += isShort ? 1 : -1;
        segment.shortOfWorkers = isShort;
    }

    private void setUnder(Segment segment, boolean under) {
        if (segment.under != under) underReplicated += under ? 1 : -1;
        segment.under = under;
    }

    long underReplicated() {
        return underReplicated;
    }

    long shortOfWorkers() {
        return shortOfWorkers;
    }

    /** The bytes assigned to each worker: where a planner over a new ring starts. */
    Map<String, Long> heldBytes() {
        Map<String, Long> bytes = new HashMap<>();
        for (Segment segment : segments.values()) for (String holder : segment.holders) bytes.merge(holder, segment.sizeBytes, Long::sum);
        return bytes;
    }

    /** One shared instance per worker id. */
    private String worker(String id) {
        return workerIds.computeIfAbsent(id, key -> key);
    }
}
