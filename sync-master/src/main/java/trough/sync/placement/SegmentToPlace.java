package trough.sync.placement;

import java.util.Objects;
import trough.core.registry.Tier;
import trough.core.segment.SegmentId;

/** A segment as placement sees it: its size counts against quotas, its tier picks the workers. */
public record SegmentToPlace(SegmentId id, long sizeBytes, Tier tier) {
    public SegmentToPlace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
    }
}
