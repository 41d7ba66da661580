package trough.sync.placement;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides where each segment should live, one segment at a time, keeping a running count of the bytes each
 * member would hold. A member whose quota (its capacity) the segment would overflow is skipped, unless it
 * already holds the segment: a full worker keeps what it has and receives nothing new. A full pass starts
 * from nothing and places every segment; a master following changes starts from what the members hold
 * ({@link #PlacementPlanner(PlacementRing, int, Map)}) and places a segment again after {@link #release}.
 */
public final class PlacementPlanner {
    private final PlacementRing ring;
    private final int replicas;
    private final Map<String, Long> plannedBytes = new HashMap<>();
    private long placedReplicas;
    private long addedReplicas;
    private long removedReplicas;
    private long shortSegments;

    public PlacementPlanner(PlacementRing ring, int replicas) {
        this(ring, replicas, Map.of());
    }

    /** A planner whose members already hold {@code heldBytes} (a member absent from it: nothing). */
    public PlacementPlanner(PlacementRing ring, int replicas, Map<String, Long> heldBytes) {
        if (replicas < 1) throw new IllegalArgumentException("a segment needs at least one replica, not " + replicas);
        this.ring = ring;
        this.replicas = replicas;
        for (RingMember member : ring.members()) plannedBytes.put(member.id(), heldBytes.getOrDefault(member.id(), 0L));
    }

    public PlacementRing ring() {
        return ring;
    }

    /**
     * Takes the segment's bytes off the members that hold it, before it is placed again: {@link #place} counts
     * the segment's bytes on the members it chooses, and a segment placed twice must not count twice.
     */
    public void release(SegmentToPlace segment, Collection<String> holders) {
        for (String holder : holders) plannedBytes.computeIfPresent(holder, (member, bytes) -> bytes - segment.sizeBytes());
    }

    /** The members that should hold the segment, given the ones that hold it now. */
    public List<String> place(SegmentToPlace segment, Collection<String> holders) {
        List<String> chosen = ring.replicas(segment.id(), segment.tier(), replicas,
                        member -> holders.contains(member.id()) || plannedBytes.get(member.id()) + segment.sizeBytes() <= member.capacityBytes())
                .stream().map(RingMember::id).toList();
        for (String member : chosen) {
            plannedBytes.merge(member, segment.sizeBytes(), Long::sum);
            if (!holders.contains(member)) addedReplicas++;
        }
        for (String holder : holders) {
            if (!chosen.contains(holder)) removedReplicas++;
        }
        placedReplicas += chosen.size();
        if (chosen.size() < replicas) shortSegments++;
        return chosen;
    }

    /** What the placement so far amounts to. */
    public PlacementReport report() {
        double maxFill = 0;
        double totalFill = 0;
        for (RingMember member : ring.members()) {
            double fill = (double) plannedBytes.get(member.id()) / member.capacityBytes();
            maxFill = Math.max(maxFill, fill);
            totalFill += fill;
        }
        double meanFill = ring.members().isEmpty() ? 0 : totalFill / ring.members().size();
        return new PlacementReport(placedReplicas, addedReplicas, removedReplicas, shortSegments, meanFill == 0 ? 1 : maxFill / meanFill,
                Map.copyOf(plannedBytes));
    }
}
