package trough.sync.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import trough.core.registry.Tier;

/**
 * The stretches of the ring whose replicas differ between two rings: when a worker joins, leaves or changes its
 * capacity or tier, only segments hashing into them move, so a master places those and leaves the rest alone.
 * Between two neighbouring points of either ring every hash gets the same replicas on both rings, so comparing
 * one hash per stretch finds them all; quotas are not considered (a full worker is the planner's business).
 */
public final class RingMoves {
    /** Per tier: moved stretches as (low exclusive, high inclusive] pairs in hash order; the wrap stretch is split at the ends. */
    private final Map<Tier, long[]> moved;

    private RingMoves(Map<Tier, long[]> moved) {
        this.moved = moved;
    }

    public static RingMoves between(PlacementRing before, PlacementRing after, int replicas) {
        long[] bounds = union(before.points(), after.points());
        Map<Tier, long[]> moved = new EnumMap<>(Tier.class);
        if (bounds.length == 0) return new RingMoves(moved);
        for (Tier tier : Tier.values()) {
            // A tier no member of either ring serves places nothing on either: nothing of it moves.
            if (before.members().stream().noneMatch(m -> m.tier() == tier) && after.members().stream().noneMatch(m -> m.tier() == tier)) continue;
            List<long[]> stretches = new ArrayList<>();
            // The stretch up to and including bounds[0] also holds every hash above the last bound (the ring wraps).
            if (differs(before, after, bounds[0], tier, replicas)) {
                stretches.add(new long[] {Long.MIN_VALUE, bounds[0]});
                stretches.add(new long[] {bounds[bounds.length - 1], Long.MAX_VALUE});
            }
            for (int k = 1; k < bounds.length; k++) {
                if (differs(before, after, bounds[k], tier, replicas)) stretches.add(new long[] {bounds[k - 1], bounds[k]});
            }
            stretches.sort((a, b) -> Long.compare(a[0], b[0]));
            long[] flat = new long[stretches.size() * 2];
            for (int i = 0; i < stretches.size(); i++) {
                flat[2 * i] = stretches.get(i)[0];
                flat[2 * i + 1] = stretches.get(i)[1];
            }
            moved.put(tier, flat);
        }
        return new RingMoves(moved);
    }

    /** The distinct points of both sorted arrays, in order. */
    private static long[] union(long[] a, long[] b) {
        long[] merged = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            long next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
            if (n == 0 || merged[n - 1] != next) merged[n++] = next;
        }
        return Arrays.copyOf(merged, n);
    }

    private static boolean differs(PlacementRing before, PlacementRing after, long hash, Tier tier, int replicas) {
        List<RingMember> was = before.replicasAt(hash, tier, replicas, member -> true);
        List<RingMember> is = after.replicasAt(hash, tier, replicas, member -> true);
        if (was.size() != is.size()) return true;
        for (int i = 0; i < was.size(); i++) if (!was.get(i).id().equals(is.get(i).id())) return true;
        return false;
    }

    /** True when a segment of this tier at this hash may get other replicas on the new ring. */
    public boolean moves(long hash, Tier tier) {
        long[] stretches = moved.get(tier);
        if (stretches == null || stretches.length == 0) return false;
        // The last stretch starting below the hash: is the hash within it?
        int low = 0;
        int high = stretches.length / 2 - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (stretches[2 * middle] < hash) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        if (found < 0) return hash == Long.MIN_VALUE && stretches[0] == Long.MIN_VALUE;
        return hash <= stretches[2 * found + 1];
    }

    /** How much of the ring moves for the tier, from 0 to 1: for the log. */
    public double share(Tier tier) {
        long[] stretches = moved.getOrDefault(tier, new long[0]);
        double total = 0;
        for (int i = 0; i < stretches.length; i += 2) total += ((double) stretches[i + 1] - (double) stretches[i]);
        return total / Math.pow(2, 64);
    }

    @Override
    public String toString() {
        return Arrays.toString(Tier.values()) + " stretches moved: " + moved.values().stream().mapToInt(s -> s.length / 2).sum();
    }
}
