package trough.sync.placement;

import java.util.Objects;
import trough.core.registry.WorkerTier;
import trough.core.segment.SegmentId;

/** A segment as placement sees it: its size counts against quotas, its tier picks the workers. */
public record SegmentToPlace(SegmentId id, long sizeBytes, WorkerTier tier) {
    public SegmentToPlace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
    }
}
