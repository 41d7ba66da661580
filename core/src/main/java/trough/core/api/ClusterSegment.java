package trough.core.api;

import java.util.List;
import trough.core.segment.SegmentId;

/**
 * One segment as a client needs it: which workers can answer for it (the writer first when there is one,
 * so reads see the latest writes), and which worker takes its writes.
 *
 * @param writer the URL of the worker holding its write lease: the freshest copy. Null when no live worker holds
 *               it; then the replicas catch up with the segment's change log and are the freshest copies.
 */
public record ClusterSegment(SegmentId id, String schema, List<String> replicas, String writer) {
    public ClusterSegment {
        replicas = List.copyOf(replicas);
    }
}
