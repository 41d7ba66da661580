package trough.jdbc.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows of a table {@code crawl_log (url TEXT, size INTEGER, crawl_job_id INTEGER)} whose segment key is
 * {@code crawl-job-{crawl_job_id}}, and the oracle of where they belong.
 */
public final class CrawlRows {
    private CrawlRows() {}

    /** {@code count} rows spread over jobs 1 to {@code jobs}, interleaved so that every batch holds several segments; some sizes NULL. */
    public static List<Object[]> of(int count, int jobs) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {"http://host-" + (i % 37) + "/page-" + i, i % 11 == 0 ? null : (long) i * 7, (long) (1 + i % jobs)});
        }
        return rows;
    }

    /** Each row as {@code url|size|crawl_job_id} (NULL for null), sorted, under the segment its key names. */
    public static Map<String, List<String>> bySegment(List<Object[]> rows) {
        Map<String, List<String>> expected = new TreeMap<>();
        for (Object[] row : rows) {
            expected.computeIfAbsent("crawl-job-" + row[2], s -> new ArrayList<>()).add(row[0] + "|" + (row[1] == null ? "NULL" : row[1]) + "|" + row[2]);
        }
        expected.values().forEach(list -> list.sort(null));
        return expected;
    }

    /** The SQL that reads a segment's rows back in the same form, to compare with {@link #bySegment}. */
    public static final String READ_BACK = "SELECT url || '|' || coalesce(size, 'NULL') || '|' || crawl_job_id FROM crawl_log ORDER BY 1";
}
