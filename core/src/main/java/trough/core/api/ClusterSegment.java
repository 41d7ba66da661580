package trough.core.api;

import java.util.List;

/**
 * One segment as a client needs it: which workers can answer for it (the writer first when there is one,
 * so reads see the latest writes), and which worker takes its writes.
 *
 * @param writer the URL of the worker holding its write lease, or null
 */
public record ClusterSegment(String id, String schema, List<String> replicas, String writer) {
    public ClusterSegment {
        replicas = List.copyOf(replicas);
    }
}
