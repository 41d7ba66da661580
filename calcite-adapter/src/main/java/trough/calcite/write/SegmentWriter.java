package trough.calcite.write;

import trough.core.segment.SegmentId;

/** Where rows written through JDBC go: a segment file in process, or the worker holding a segment's writes. */
public interface SegmentWriter {
    /**
     * Runs {@code sql} on the segment as one transaction, creating the segment (from its schema) when it does
     * not exist yet; answers the rows changed.
     */
    long write(SegmentId segment, String sql);
}
