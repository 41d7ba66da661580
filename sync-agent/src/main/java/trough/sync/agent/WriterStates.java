package trough.sync.agent;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Registry;
import trough.core.registry.WorkerRecord;
import trough.core.segment.SegmentId;

/**
 * Whose writes a round of the agent can rely on: for each segment, whether the worker holding its write lease
 * is gone (its lease lapsed, or its heartbeat did), so that the copies here must catch up with the change log
 * themselves. Read once per round, in one batch.
 */
final class WriterStates {
    private final Map<String, Lease> leases;
    private final Map<SegmentId, Long> settledEpochs;
    private final Set<String> alive = new HashSet<>();
    private final Instant now;

    /**
     * {@code settledEpochs}: the agent's memory, across rounds, of segments caught up after their writer's lease
     * lapsed, by that lease's epoch: nobody can write them until a new lease, so they need no second look.
     */
    WriterStates(Registry registry, Collection<SegmentId> segments, Map<SegmentId, Long> settledEpochs) {
        this.settledEpochs = settledEpochs;
        this.leases = registry.leases().current(segments.stream().map(LeaseName::write).toList());
        this.now = registry.now();
        for (WorkerRecord worker : registry.workers().aliveAt(now)) alive.add(worker.id());
    }

    /** True when a worker other than {@code self} was the segment's writer and is gone, and the copy here may be behind. */
    boolean gone(SegmentId segment, String self) {
        Lease lease = leases.get(LeaseName.write(segment));
        if (lease == null || lease.holder().equals(self)) return false;
        boolean lapsed = !lease.liveAt(now);
        if (!lapsed && alive.contains(lease.holder())) return false;
        return !(lapsed && Long.valueOf(lease.epoch()).equals(settledEpochs.get(segment)));
    }

    /** Records that the copy caught up; once the writer's lease has lapsed, nothing more can come until a new writer. */
    void settled(SegmentId segment) {
        Lease lease = leases.get(LeaseName.write(segment));
        if (lease != null && !lease.liveAt(now)) settledEpochs.put(segment, lease.epoch());
    }
}
