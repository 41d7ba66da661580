package trough.sync.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import trough.core.registry.Tier;
import trough.core.segment.SegmentId;

/**
 * A weighted consistent-hash ring. Each member owns points on the ring in proportion to its capacity;
 * a segment's replicas are the first distinct members found walking clockwise from the segment's hash.
 * Adding or removing a member only changes the lists that member enters or leaves, so about 1/N of the
 * replicas move and nothing else does.
 */
public final class PlacementRing {
    /** Points for a member of average capacity: enough to keep the spread within a few percent. */
    static final int POINTS_PER_MEMBER = 1000;

    private final long[] points;
    private final int[] owners;
    private final List<RingMember> members;

    private PlacementRing(long[] points, int[] owners, List<RingMember> members) {
        this.points = points;
        this.owners = owners;
        this.members = members;
    }

    public static PlacementRing of(List<RingMember> members) {
        List<RingMember> sorted = members.stream().sorted(Comparator.comparing(RingMember::id)).toList();
        double mean = sorted.stream().mapToLong(RingMember::capacityBytes).average().orElse(1);
        List<long[]> entries = new ArrayList<>();
        for (int m = 0; m < sorted.size(); m++) {
            RingMember member = sorted.get(m);
            // A member's points depend on its own capacity and the mean only, so one member joining moves
            // others' points not at all unless the mean shifts their rounded count.
            int count = (int) Math.max(1, Math.round(POINTS_PER_MEMBER * member.capacityBytes() / mean));
            for (int i = 0; i < count; i++) entries.add(new long[] {RingHash.of(member.id() + "#" + i), m});
        }
        entries.sort((a, b) -> Long.compare(a[0], b[0]));
        long[] points = new long[entries.size()];
        int[] owners = new int[entries.size()];
        for (int i = 0; i < points.length; i++) {
            points[i] = entries.get(i)[0];
            owners[i] = (int) entries.get(i)[1];
        }
        return new PlacementRing(points, owners, sorted);
    }

    public List<RingMember> members() {
        return members;
    }

    /** Where the segment sits on the ring: placement depends on this and on the members only. */
    public static long hashOf(SegmentId segment) {
        return RingHash.of(segment.value());
    }

    /** The points, in order: between two neighbours, every hash gets the same replicas. */
    long[] points() {
        return points;
    }

    /**
     * Up to {@code count} distinct members for the segment, in ring order, of the tier the segment needs
     * (a cold segment goes to cold members, a hot one to hot members) and accepted by {@code eligible}.
     */
    public List<RingMember> replicas(SegmentId segment, Tier tier, int count, Predicate<RingMember> eligible) {
        return replicasAt(RingHash.of(segment.value()), tier, count, eligible);
    }

    /** {@link #replicas} of whatever segment hashes to {@code hash}. */
    List<RingMember> replicasAt(long hash, Tier tier, int count, Predicate<RingMember> eligible) {
        List<RingMember> chosen = new ArrayList<>(count);
        if (points.length == 0 || count == 0) return chosen;
        boolean[] seen = new boolean[members.size()];
        int distinctSeen = 0;
        int start = Arrays.binarySearch(points, hash);
        if (start < 0) start = -start - 1;
        for (int step = 0; step < points.length && chosen.size() < count && distinctSeen < members.size(); step++) {
            int owner = owners[(start + step) % points.length];
            if (seen[owner]) continue;
            seen[owner] = true;
            distinctSeen++;
            RingMember member = members.get(owner);
            if (member.tier() == tier && eligible.test(member)) chosen.add(member);
        }
        return chosen;
    }
}
