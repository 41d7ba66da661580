package trough.core.registry;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import trough.core.segment.SegmentId;

/**
 * Where segments should be (assignments, written by the sync master) and where they are (replicas,
 * reported by the workers that serve them). Both are changed incrementally, never rewritten whole.
 */
public interface Placements {
    /**
     * Adds and removes assignments, only while {@code leadership} is the current, live leader lease: a master that
     * lost its lease cannot write. Many changes are written in large batches, several at once where the registry
     * allows, each batch checked against the lease as it is written; answers false when any batch was refused
     * (the batches checked before the lease was lost may have landed: the next master corrects them).
     */
    boolean assign(Lease leadership, Collection<Assignment> added, Collection<Assignment> removed);

    List<Assignment> assignmentsOf(String worker);

    /**
     * Calls {@code listener}, on a thread of the registry's, soon after the assignments of {@code worker} may
     * have changed (a registry that cannot tell workers apart calls it for any worker's), until the watch is
     * closed: a worker's sync agent acts at once instead of at its next round. Calls may be spurious.
     */
    Watch watchAssignments(String worker, Runnable listener);

    /** The assignments of each of the segments (an absent key: none). */
    Map<SegmentId, List<Assignment>> assignmentsOf(Collection<SegmentId> segments);

    /**
     * Every assignment, a page at a time, in the registry's own order: at most {@code limit} strictly after the
     * cursor {@code after} (null to start). What a new master streams once to rebuild its view.
     */
    Page<Assignment> assignments(String after, int limit);

    /** Every replica, a page at a time, as {@link #assignments(String, int)} pages the assignments. */
    Page<Replica> replicas(String after, int limit);

    /** Records that the worker serves the segment at this generation (replacing what it said before). */
    void reportReplica(Replica replica);

    boolean dropReplica(SegmentId segment, String worker);

    List<Replica> replicasOf(String worker);

    /** The replicas of each of the segments (an absent key: none). */
    Map<SegmentId, List<Replica>> replicasOf(Collection<SegmentId> segments);

    /**
     * Records the sync master's report of the round it just finished, replacing the last one, only while
     * {@code leadership} is the current, live leader lease (answers false, changing nothing, when fenced). It is
     * no change a driver must notice: {@link Registry#version()} stays.
     */
    boolean reportRound(Lease leadership, PlacementRound round);

    /** The report of the last round a master finished, if one did. */
    Optional<PlacementRound> lastRound();
}
