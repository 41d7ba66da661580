package trough.sync.master;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.Page;
import trough.core.registry.PlacementRound;
import trough.core.registry.Placements;
import trough.core.registry.RegistryException;
import trough.core.registry.Replica;
import trough.core.registry.Watch;
import trough.core.segment.SegmentId;

/** A real registry's placements whose assignment writes fail, as a registry that lost its server mid-write does. */
final class RefusingWritesPlacements implements Placements {
    private final Placements placements;

    RefusingWritesPlacements(Placements placements) {
        this.placements = placements;
    }

    @Override
    public boolean assign(Lease leadership, Collection<Assignment> added, Collection<Assignment> removed) {
        throw new RegistryException("the registry's server went away while writing " + (added.size() + removed.size()) + " assignment change(s)", null);
    }

    @Override
    public List<Assignment> assignmentsOf(String worker) {
        return placements.assignmentsOf(worker);
    }

    @Override
    public Watch watchAssignments(String worker, Runnable listener) {
        return placements.watchAssignments(worker, listener);
    }

    @Override
    public Map<SegmentId, List<Assignment>> assignmentsOf(Collection<SegmentId> segments) {
        return placements.assignmentsOf(segments);
    }

    @Override
    public Page<Assignment> assignments(String after, int limit) {
        return placements.assignments(after, limit);
    }

    @Override
    public Page<Replica> replicas(String after, int limit) {
        return placements.replicas(after, limit);
    }

    @Override
    public void reportReplica(Replica replica) {
        placements.reportReplica(replica);
    }

    @Override
    public boolean dropReplica(SegmentId segment, String worker) {
        return placements.dropReplica(segment, worker);
    }

    @Override
    public List<Replica> replicasOf(String worker) {
        return placements.replicasOf(worker);
    }

    @Override
    public Map<SegmentId, List<Replica>> replicasOf(Collection<SegmentId> segments) {
        return placements.replicasOf(segments);
    }

    @Override
    public boolean reportRound(Lease leadership, PlacementRound round) {
        return placements.reportRound(leadership, round);
    }

    @Override
    public Optional<PlacementRound> lastRound() {
        return placements.lastRound();
    }
}
