package trough.sync.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import trough.core.registry.Tier;
import trough.core.segment.SegmentId;

/**
 * Places many segments on 100 workers, then again with a 101st worker and with one removed, and prints the
 * time, the balance and the movement. It checks the balance and movement, never the time. CI runs it on
 * 150,000 segments; {@code -Dtrough.placement.segments=1500000} runs the design's figure (docs/placement.md).
 */
class PlacementBenchmarkTest {
    private static final long GIB = 1L << 30;

    @Test
    void placesManySegmentsOnAHundredWorkers() {
        int segmentCount = Integer.getInteger("trough.placement.segments", 150_000);
        List<SegmentToPlace> segments = segments(segmentCount, new Random(42));
        long totalBytes = segments.stream().mapToLong(SegmentToPlace::sizeBytes).sum();
        // Room for twice the replicated data: quotas exist but do not bind.
        long capacity = 2 * 2 * totalBytes / 100;
        List<RingMember> hundred = PlacementRingTest.hot(100, capacity);

        Run first = run(hundred, segments, Map.of());
        System.out.printf("placement of %,d segments (R=2) on 100 workers: %d ms; %s%n", segmentCount, first.millis, first.report);
        assertEquals(2L * segmentCount, first.report.placed());
        assertTrue(first.report.balance() < 1.25, "balance " + first.report.balance());

        List<RingMember> grown = new ArrayList<>(hundred);
        grown.add(new RingMember("w100", capacity, Tier.HOT));
        Run added = run(grown, segments, first.placement);
        double addedShare = (double) added.report.added() / added.report.placed();
        System.out.printf("a 101st worker: %d ms; %s; moved %.2f%% of replicas (ideal %.2f%%)%n", added.millis, added.report,
                100 * addedShare, 100.0 / 101);
        assertTrue(addedShare < 2.0 / 101, "moved share " + addedShare);
        for (Map.Entry<SegmentId, List<String>> entry : added.placement.entrySet()) {
            for (String member : entry.getValue()) {
                if (!first.placement.get(entry.getKey()).contains(member)) assertEquals("w100", member, "moved between old workers");
            }
        }

        Run removed = run(hundred.subList(1, 100), segments, first.placement);
        double removedShare = (double) removed.report.added() / removed.report.placed();
        System.out.printf("worker w0 gone: %d ms; %s; moved %.2f%% of replicas (ideal %.2f%%)%n", removed.millis, removed.report,
                100 * removedShare, 100.0 / 100);
        assertTrue(removedShare < 2.0 / 100, "moved share " + removedShare);
    }

    private record Run(long millis, PlacementReport report, Map<SegmentId, List<String>> placement) {}

    private static Run run(List<RingMember> members, List<SegmentToPlace> segments, Map<SegmentId, List<String>> current) {
        long start = System.nanoTime();
        PlacementPlanner planner = new PlacementPlanner(PlacementRing.of(members), 2);
        Map<SegmentId, List<String>> placement = new HashMap<>(segments.size() * 2);
        for (SegmentToPlace segment : segments) placement.put(segment.id(), planner.place(segment, current.getOrDefault(segment.id(), List.of())));
        return new Run((System.nanoTime() - start) / 1_000_000, planner.report(), placement);
    }

    /** Segment sizes log-normal around 20 MB, as crawl segments are: most small, a few very large. */
    private static List<SegmentToPlace> segments(int count, Random random) {
        List<SegmentToPlace> segments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long size = (long) Math.exp(Math.log(20e6) + random.nextGaussian());
            segments.add(new SegmentToPlace(SegmentId.of(String.format("crawl-%07d", i)), size, Tier.HOT));
        }
        return segments;
    }
}
