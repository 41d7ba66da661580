package trough.core.registry;

import java.util.Objects;
import trough.core.segment.SegmentId;

/** The sync master's decision that a worker keeps a copy of a segment. */
public record Assignment(SegmentId segment, String worker) {
    public Assignment {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(worker, "worker");
    }
}
