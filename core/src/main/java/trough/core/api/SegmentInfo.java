package trough.core.api;

import trough.core.segment.SegmentId;

/**
 * What a worker says about one segment it serves.
 *
 * @param rows the row count of each table, or null when not asked for (counting reads every table)
 */
public record SegmentInfo(SegmentId id, String schema, long sizeBytes, java.util.Map<String, Long> rows) {}
