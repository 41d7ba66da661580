package trough.registry.rethinkdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import trough.core.registry.Assignment;
import trough.core.segment.SegmentId;

/** How assignment changes are cut into the writes a query makes: no server needed. */
class SegmentAssignmentsTest {
    @Test
    void aSegmentsWorkersAreGatheredSortedAndOnce() {
        Map<String, List<String>> bySegment = SegmentAssignments.bySegment(List.of(assignment("b", "w2"), assignment("a", "w9"),
                assignment("b", "w1"), assignment("b", "w2")));
        assertEquals(Map.of("a", List.of("w9"), "b", List.of("w1", "w2")), bySegment);
        assertEquals(List.of("a", "b"), List.copyOf(bySegment.keySet()));
    }

    @Test
    void aLostWorkersSegmentsGoInLargeChunksAllAlike() {
        List<Assignment> removed = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) removed.add(assignment(String.format("seg-%05d", i), "w7"));
        List<Map<String, List<String>>> chunks = SegmentAssignments.removals(removed, 5_000);
        assertEquals(List.of(5_000, 5_000, 2_000), chunks.stream().map(Map::size).toList());
        for (Map<String, List<String>> chunk : chunks) assertEquals(Set.of(List.of("w7")), Set.copyOf(chunk.values()), "one literal a query");
        assertEveryRemovalOnce(removed, chunks);
    }

    @Test
    void removalsThatDifferGoInSmallerChunksAndAlikeOnesStayTogether() {
        List<Assignment> removed = new ArrayList<>();
        // A joining worker's moves: a few segments from each of many workers.
        for (int i = 0; i < 3_000; i++) removed.add(assignment(String.format("moved-%05d", i), "w" + (i % 100)));
        // And a lost worker's, many.
        for (int i = 0; i < 6_000; i++) removed.add(assignment(String.format("lost-%05d", i), "w-lost"));
        List<Map<String, List<String>>> chunks = SegmentAssignments.removals(removed, 5_000);
        long alike = chunks.stream().filter(chunk -> Set.copyOf(chunk.values()).equals(Set.of(List.of("w-lost")))).count();
        assertEquals(2, alike, "the lost worker's 6,000 in chunks of up to 5,000");
        for (Map<String, List<String>> chunk : chunks) {
            if (!chunk.containsValue(List.of("w-lost"))) assertTrue(chunk.size() <= 1_000, "a mixed chunk of " + chunk.size());
        }
        assertEveryRemovalOnce(removed, chunks);
    }

    @Test
    void aChunkNeverSplitsASegment() {
        List<Assignment> added = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            for (int w = 0; w < 3; w++) added.add(assignment(String.format("seg-%04d", i), "w" + w));
        }
        List<Map<String, List<String>>> chunks = SegmentAssignments.chunks(SegmentAssignments.bySegment(added), 100);
        // 34 segments of 3 workers are the first count to reach 100 assignments: 29 such chunks, then the 14 left.
        List<Integer> sizes = new ArrayList<>(Collections.nCopies(29, 34));
        sizes.add(14);
        assertEquals(sizes, chunks.stream().map(Map::size).toList());
        chunks.forEach(chunk -> chunk.values().forEach(workers -> assertEquals(3, workers.size())));
    }

    private static void assertEveryRemovalOnce(List<Assignment> removed, List<Map<String, List<String>>> chunks) {
        List<Assignment> written = new ArrayList<>();
        chunks.forEach(chunk -> chunk.forEach((segment, workers) -> workers.forEach(worker -> written.add(assignment(segment, worker)))));
        assertEquals(removed.size(), written.size());
        assertEquals(new HashSet<>(removed), new HashSet<>(written));
    }

    private static Assignment assignment(String segment, String worker) {
        return new Assignment(SegmentId.of(segment), worker);
    }
}
