package trough.core.registry;

import java.util.Objects;
import trough.core.segment.SegmentId;

/**
 * One change a follower of the registry hears of ({@link Registry#followChanges}): a segment's record, or a
 * worker's replica of a segment, as it is after the change. A follower that keeps a view of the registry applies
 * them in the order heard; applying one twice changes nothing more.
 */
public sealed interface RegistryChange {
    /** The segment's record now; {@code record} is null when the segment was deleted. */
    record SegmentChanged(SegmentId id, SegmentRecord record) implements RegistryChange {
        public SegmentChanged {
            Objects.requireNonNull(id, "id");
        }
    }

    /** The worker's replica of the segment now; {@code replica} is null when the worker dropped it. */
    record ReplicaChanged(SegmentId segment, String worker, Replica replica) implements RegistryChange {
        public ReplicaChanged {
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(worker, "worker");
        }
    }

    /**
     * Changes may have been missed (the feed broke, or fell further behind than the registry keeps changes): a
     * follower must read again whatever it keeps.
     */
    record ChangesMissed(String why) implements RegistryChange {}
}
