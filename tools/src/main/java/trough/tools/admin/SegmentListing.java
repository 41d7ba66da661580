package trough.tools.admin;

import java.util.List;
import java.util.Map;

/**
 * One segment as SHOW SEGMENTS lists it.
 *
 * @param sizeBytes size of its file, -1 when no worker answered for it
 * @param rows      rows per table, or null when not asked for
 * @param replicas  the workers serving it (empty for a file)
 * @param writer    the worker holding its writes, or null
 */
public record SegmentListing(String id, String schema, long sizeBytes, Map<String, Long> rows, List<String> replicas, String writer) {}
