package trough.core.api;

import java.util.List;

/** A page of a schema's segments; {@code next} is the cursor of the following page, or null at the end. */
public record ClusterSegmentPage(List<ClusterSegment> segments, String next) {
    public ClusterSegmentPage {
        segments = List.copyOf(segments);
    }
}
