package trough.core.registry;

import java.util.Objects;
import trough.core.segment.SegmentId;

/** A worker's report that it serves a segment, at the generation it holds: what the cluster map lists. */
public record Replica(SegmentId segment, String worker, long generation) {
    public Replica {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(worker, "worker");
    }
}
