package trough.sync.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import trough.core.registry.Tier;
import trough.core.segment.SegmentId;

class PlacementRingTest {
    private static final long GIB = 1L << 30;

    @Test
    void placesEachSegmentOnDistinctMembersTheSameWayWhateverTheOrderTheyCameIn() {
        List<RingMember> members = hot(5, GIB);
        PlacementRing ring = PlacementRing.of(members);
        List<RingMember> backwards = new ArrayList<>(members);
        Collections.reverse(backwards);
        PlacementRing reversed = PlacementRing.of(backwards);
        for (int i = 0; i < 1000; i++) {
            SegmentId id = SegmentId.of("seg-" + i);
            List<RingMember> replicas = ring.replicas(id, Tier.HOT, 3, member -> true);
            assertEquals(3, Set.copyOf(replicas).size());
            assertEquals(replicas, reversed.replicas(id, Tier.HOT, 3, member -> true));
        }
    }

    @Test
    void weightsMembersByCapacity() {
        List<RingMember> members = List.of(new RingMember("small", GIB, Tier.HOT), new RingMember("big", 2 * GIB, Tier.HOT),
                new RingMember("mid", GIB + GIB / 2, Tier.HOT));
        Map<String, Long> counts = placeAll(PlacementRing.of(members), 60_000, 1);
        // Each member's share is its share of the capacity, within the spread of a thousand points each.
        assertEquals(60_000 * 1.0 / 4.5, counts.get("small"), 60_000 * 0.1 / 4.5, counts.toString());
        assertEquals(60_000 * 2.0 / 4.5, counts.get("big"), 60_000 * 0.2 / 4.5, counts.toString());
        assertEquals(60_000 * 1.5 / 4.5, counts.get("mid"), 60_000 * 0.15 / 4.5, counts.toString());
    }

    @Test
    void addingAFourthMemberMovesAQuarterOfTheReplicasAllOntoIt() {
        PlacementRing three = PlacementRing.of(hot(3, GIB));
        PlacementRing four = PlacementRing.of(hot(4, GIB));
        int moved = 0;
        int total = 0;
        for (int i = 0; i < 20_000; i++) {
            SegmentId id = SegmentId.of("job-" + i);
            Set<String> before = ids(three.replicas(id, Tier.HOT, 2, member -> true));
            Set<String> after = ids(four.replicas(id, Tier.HOT, 2, member -> true));
            for (String member : after) {
                if (!before.contains(member)) {
                    moved++;
                    assertEquals("w3", member, "a replica moved between members that stayed");
                }
            }
            total += after.size();
        }
        double share = (double) moved / total;
        assertTrue(share > 0.2 && share < 0.3, "moved share " + share);
    }

    @Test
    void removingAMemberMovesOnlyItsReplicas() {
        List<RingMember> members = hot(6, GIB);
        PlacementRing all = PlacementRing.of(members);
        PlacementRing without = PlacementRing.of(members.subList(1, 6));
        for (int i = 0; i < 10_000; i++) {
            SegmentId id = SegmentId.of("s" + i);
            Set<String> kept = ids(all.replicas(id, Tier.HOT, 2, member -> true));
            kept.remove("w0");
            assertTrue(ids(without.replicas(id, Tier.HOT, 2, member -> true)).containsAll(kept), id.value());
        }
    }

    @Test
    void coldSegmentsGoToColdMembersOnlyAndHotOnesNever() {
        List<RingMember> members = new ArrayList<>(hot(3, GIB));
        members.add(new RingMember("archive-1", 10 * GIB, Tier.COLD));
        members.add(new RingMember("archive-2", 10 * GIB, Tier.COLD));
        PlacementRing ring = PlacementRing.of(members);
        for (int i = 0; i < 2000; i++) {
            SegmentId id = SegmentId.of("s" + i);
            assertEquals(Set.of("archive-1", "archive-2"), ids(ring.replicas(id, Tier.COLD, 2, member -> true)));
            ring.replicas(id, Tier.HOT, 2, member -> true).forEach(member -> assertEquals(Tier.HOT, member.tier()));
        }
    }

    @Test
    void aFullMemberKeepsWhatItHasAndReceivesNothingNew() {
        PlacementPlanner planner = new PlacementPlanner(PlacementRing.of(hot(3, 5000)), 2);
        int keptOnW0 = 0;
        for (int i = 0; i < 300; i++) {
            // w0 already holds the first ninety segments: more than its quota of 5000 bytes.
            List<String> holders = i < 90 ? List.of("w0") : List.of();
            List<String> placed = planner.place(new SegmentToPlace(SegmentId.of("s" + i), 100, Tier.HOT), holders);
            if (placed.contains("w0")) {
                assertTrue(i < 90, "segment " + i + " was newly placed on the full member");
                keptOnW0++;
            }
        }
        assertTrue(keptOnW0 * 100 > 5000, "what the full member holds and the ring picks stays there, over quota: " + keptOnW0);
        PlacementReport report = planner.report();
        assertEquals(keptOnW0 * 100L, report.bytesByMember().get("w0"));
        assertTrue(report.bytesByMember().get("w1") <= 5000 && report.bytesByMember().get("w2") <= 5000, report.bytesByMember().toString());
        assertTrue(report.shortSegments() > 0, "no room is reported, not hidden");
    }

    @Test
    void reportsSegmentsThatCannotGetAllTheirReplicas() {
        PlacementPlanner planner = new PlacementPlanner(PlacementRing.of(hot(2, GIB)), 3);
        assertEquals(2, planner.place(new SegmentToPlace(SegmentId.of("s"), 1, Tier.HOT), List.of()).size());
        assertEquals(1, planner.report().shortSegments());
    }

    static List<RingMember> hot(int count, long capacity) {
        List<RingMember> members = new ArrayList<>();
        for (int i = 0; i < count; i++) members.add(new RingMember("w" + i, capacity, Tier.HOT));
        return members;
    }

    private static Map<String, Long> placeAll(PlacementRing ring, int segments, int replicas) {
        Map<String, Long> counts = new HashMap<>();
        for (int i = 0; i < segments; i++) {
            for (RingMember member : ring.replicas(SegmentId.of("seg-" + i), Tier.HOT, replicas, m -> true)) {
                counts.merge(member.id(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static Set<String> ids(List<RingMember> members) {
        Set<String> ids = new HashSet<>();
        members.forEach(member -> ids.add(member.id()));
        return ids;
    }
}
