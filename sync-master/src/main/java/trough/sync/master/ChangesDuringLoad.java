package trough.sync.master;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import trough.core.registry.Assignment;
import trough.core.registry.Placements;
import trough.core.registry.RegistryChange;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;
import trough.sync.placement.PlacementPlanner;
import trough.sync.placement.PlacementRing;
import trough.sync.placement.RingMember;
import trough.sync.placement.SegmentToPlace;

/**
 * What a new master does with the registry's changes while its view loads ({@link ViewLoad}), so that it resumes
 * placing as soon as it takes the lease and not once it has read millions of rows. Each changed segment is placed
 * at once, on its own: its assignments read from the registry, placed on the ring of the workers read for this
 * batch. What it learnt (the segment's record, the holders it wrote) is kept and laid over the view once the view
 * is in ({@link #applyTo}), so the first full round finds those segments as they were placed and, on the same
 * ring, places them the same way. Changes that need the whole view wait for it: a worker lost or joined (the
 * ranges of the ring that move) is handled by the first full round, which places everything on the ring of its
 * time, and replica changes are applied to the view after it is read.
 *
 * <p>The quotas of a full round count the bytes every segment assigned to a worker takes, which only the view
 * knows; here each worker's reported bytes in use stand in for them, so a worker full by its own report gets
 * nothing new. Where that and the full round's count differ, the full round may move such a segment: it knows.
 */
final class ChangesDuringLoad {
    /** Segments placed between two writes: one assignment read and one fenced write for each. */
    private static final int BATCH = 1_000;

    private final int replicas;
    /** Each segment changed during the load, with its last record (empty: deleted). */
    private final Map<SegmentId, Optional<SegmentRecord>> records = new LinkedHashMap<>();
    /** The workers each placed segment is assigned to now, as written. */
    private final Map<SegmentId, List<String>> holders = new HashMap<>();
    private final List<RegistryChange.ReplicaChanged> replicaChanges = new ArrayList<>();
    private List<RingMember> ringMembers;
    private PlacementRing ring;
    private long segmentsPlaced;

    ChangesDuringLoad(int replicas) {
        this.replicas = replicas;
    }

    /**
     * Places the changed segments on the ring of {@code members}, each worker starting from its {@code usedBytes};
     * queues the differences on {@code writes} and calls {@code flush} after each batch (it writes them, fenced by
     * the lease, and throws when refused).
     */
    void place(Map<SegmentId, Optional<SegmentRecord>> changed, List<RingMember> members, Map<String, Long> usedBytes,
               Placements placements, AssignmentWrites writes, Runnable flush) {
        if (changed.isEmpty()) return;
        if (!members.equals(ringMembers)) {
            ring = PlacementRing.of(members);
            ringMembers = members;
        }
        PlacementPlanner planner = new PlacementPlanner(ring, replicas, usedBytes);
        List<SegmentRecord> toPlace = new ArrayList<>();
        for (Map.Entry<SegmentId, Optional<SegmentRecord>> change : changed.entrySet()) {
            records.remove(change.getKey()); // kept in the order last heard
            records.put(change.getKey(), change.getValue());
            SegmentRecord record = change.getValue().orElse(null);
            if (PlacementView.placeable(record)) {
                toPlace.add(record);
            } else {
                holders.remove(change.getKey()); // deleted (its assignments with it) or no longer fetchable: not placed
            }
        }
        for (int from = 0; from < toPlace.size(); from += BATCH) {
            List<SegmentRecord> batch = toPlace.subList(from, Math.min(toPlace.size(), from + BATCH));
            Map<SegmentId, List<Assignment>> assigned = placements.assignmentsOf(batch.stream().map(SegmentRecord::id).toList());
            for (SegmentRecord record : batch) {
                List<String> held = assigned.getOrDefault(record.id(), List.of()).stream().map(Assignment::worker).toList();
                List<String> chosen = planner.place(new SegmentToPlace(record.id(), record.sizeBytes(), record.tier()), held);
                for (String worker : chosen) if (!held.contains(worker)) writes.add(new Assignment(record.id(), worker));
                for (String worker : held) if (!chosen.contains(worker)) writes.remove(new Assignment(record.id(), worker));
                holders.put(record.id(), chosen);
                segmentsPlaced++;
            }
            flush.run();
        }
    }

    /** Replica changes heard during the load: applied, in order, to the view once it is in. */
    void keepReplicas(List<RegistryChange.ReplicaChanged> changes) {
        replicaChanges.addAll(changes);
    }

    long segmentsPlaced() {
        return segmentsPlaced;
    }

    /**
     * Lays what was heard and placed during the load over the view as read: a segment's last record, the holders
     * written for it (the read may have been before or after the write), and the replica changes. A segment new
     * to the view joins the end of {@code order}; a deleted one leaves the view (the round skips it).
     */
    void applyTo(PlacementView view, List<PlacementView.Segment> order) {
        for (Map.Entry<SegmentId, Optional<SegmentRecord>> change : records.entrySet()) {
            SegmentRecord record = change.getValue().orElse(null);
            if (!PlacementView.placeable(record)) {
                view.remove(change.getKey());
                continue;
            }
            boolean known = view.get(record.id()) != null;
            PlacementView.Segment segment = view.put(record);
            if (!known) order.add(segment);
            List<String> written = holders.get(record.id());
            if (written != null) view.setHolders(segment, written);
        }
        for (RegistryChange.ReplicaChanged change : replicaChanges) {
            PlacementView.Segment segment = view.get(change.segment());
            if (segment != null) view.setReplica(segment, change.worker(), change.replica() == null ? null : change.replica().generation());
        }
    }
}
