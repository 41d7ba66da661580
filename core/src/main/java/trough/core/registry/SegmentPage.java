package trough.core.registry;

import java.util.List;

/** One page of a segment listing; {@code next} is the cursor for the following page, or null at the end. */
public record SegmentPage(List<SegmentRecord> segments, String next) {
    public SegmentPage {
        segments = List.copyOf(segments);
    }
}
