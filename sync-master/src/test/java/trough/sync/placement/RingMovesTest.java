package trough.sync.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import trough.core.registry.Tier;
import trough.core.segment.SegmentId;

/** The stretches that move hold exactly the segments whose replicas differ between the two rings. */
class RingMovesTest {
    @Test
    void aJoinALossAndACapacityChangeMoveExactlyTheSegmentsWhoseReplicasDiffer() {
        List<RingMember> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) ten.add(new RingMember("w" + i, 1L << 30, Tier.HOT));
        List<RingMember> joined = new ArrayList<>(ten);
        joined.add(new RingMember("w10", 1L << 30, Tier.HOT));
        List<RingMember> lost = new ArrayList<>(ten.subList(1, 10));
        List<RingMember> resized = new ArrayList<>(ten);
        resized.set(3, new RingMember("w3", 1L << 31, Tier.HOT));
        List<RingMember> cold = new ArrayList<>(ten);
        cold.set(5, new RingMember("w5", 1L << 30, Tier.COLD));
        for (List<RingMember> after : List.of(joined, lost, resized, cold)) check(ten, after);
    }

    @Test
    void nothingMovesBetweenEqualRings() {
        List<RingMember> members = List.of(new RingMember("a", 100, Tier.HOT), new RingMember("b", 100, Tier.HOT));
        RingMoves moves = RingMoves.between(PlacementRing.of(members), PlacementRing.of(members), 2);
        for (int i = 0; i < 1000; i++) assertFalse(moves.moves(PlacementRing.hashOf(SegmentId.of("s-" + i)), Tier.HOT));
        assertEquals(0, moves.share(Tier.HOT));
    }

    private static void check(List<RingMember> before, List<RingMember> after) {
        PlacementRing old = PlacementRing.of(before);
        PlacementRing now = PlacementRing.of(after);
        RingMoves moves = RingMoves.between(old, now, 2);
        int moved = 0;
        for (int i = 0; i < 20_000; i++) {
            SegmentId id = SegmentId.of("seg-" + i);
            for (Tier tier : Tier.values()) {
                boolean differs = !ids(old.replicas(id, tier, 2, m -> true)).equals(ids(now.replicas(id, tier, 2, m -> true)));
                assertEquals(differs, moves.moves(PlacementRing.hashOf(id), tier), id + " " + tier);
                if (differs) moved++;
            }
        }
        assertTrue(moved > 0);
    }

    private static List<String> ids(List<RingMember> members) {
        return members.stream().map(RingMember::id).toList();
    }
}
