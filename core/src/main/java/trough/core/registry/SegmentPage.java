package trough.core.registry;

import java.util.List;

/** One page of a segment listing; {@code next} is the cursor for the following page, or null at the end. */
public record SegmentPage(List<SegmentRecord> segments, String next) {
    public SegmentPage {
        segments = List.copyOf(segments);
    }

    /**
     * The page of at most {@code limit} segments from up to {@code limit + 1} rows read in id order: a
     * registry reads one row more than it returns only to know whether there is a next page.
     */
    public static SegmentPage fromRows(List<SegmentRecord> rows, int limit) {
        if (rows.size() <= limit) return new SegmentPage(rows, null);
        List<SegmentRecord> page = rows.subList(0, limit);
        return new SegmentPage(page, page.get(limit - 1).id().value());
    }

    /** Refuses a page size below one, as every listing does. */
    public static void requirePositive(int limit) {
        if (limit < 1) throw new IllegalArgumentException("a page holds at least one segment, not " + limit);
    }
}
