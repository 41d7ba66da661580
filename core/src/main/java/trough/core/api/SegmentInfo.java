package trough.core.api;

/**
 * What a worker says about one segment it serves.
 *
 * @param rows the row count of each table, or null when not asked for (counting reads every table)
 */
public record SegmentInfo(String id, String schema, long sizeBytes, java.util.Map<String, Long> rows) {}
