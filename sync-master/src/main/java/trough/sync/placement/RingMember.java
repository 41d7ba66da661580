package trough.sync.placement;

import java.util.Objects;
import trough.core.registry.Tier;

/** A worker as placement sees it: how much it may hold, and which segments it takes. */
public record RingMember(String id, long capacityBytes, Tier tier) {
    public RingMember {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
        if (capacityBytes <= 0) throw new IllegalArgumentException("member " + id + " needs a positive capacity");
    }
}
