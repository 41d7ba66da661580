package trough.tools.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;

/** The benchmark's queries Q1 to Q8, over the data of one scale. */
final class BenchQueries {
    private BenchQueries() {}

    static List<BenchQuery> of(BenchData data) throws SQLException {
        List<SegmentId> all = data.ids();
        List<SegmentId> tenth = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 10) tenth.add(all.get(i));
        SegmentId one = all.get(all.size() / 2);
        String url;
        List<String> otherUrls = new ArrayList<>();
        long from;
        try (Connection single = SqliteConnections.openReadOnly(data.single);
             PreparedStatement pick = single.prepareStatement("SELECT url FROM crawl_log WHERE crawl_job_id = ? ORDER BY rowid LIMIT 1 OFFSET 77")) {
            pick.setInt(1, BenchData.jobOf(one));
            try (ResultSet rows = pick.executeQuery()) {
                rows.next();
                url = rows.getString(1);
            }
            try (PreparedStatement others = single.prepareStatement("SELECT url FROM crawl_log WHERE crawl_job_id = ? ORDER BY rowid LIMIT 1000")) {
                others.setInt(1, BenchData.jobOf(one));
                try (ResultSet rows = others.executeQuery()) {
                    while (rows.next()) otherUrls.add(rows.getString(1));
                }
            }
            try (ResultSet rows = single.createStatement().executeQuery("SELECT min(fetch_ts) + (max(fetch_ts) - min(fetch_ts)) / 3 FROM crawl_log")) {
                rows.next();
                from = rows.getLong(1);
            }
        }
        long to = from + 86_400;
        String inTenth = tenth.stream().map(s -> SqlScript.quoteLiteral(s.value())).collect(Collectors.joining(", "));
        String jobsOfTenth = tenth.stream().map(s -> Integer.toString(BenchData.jobOf(s))).collect(Collectors.joining(", "));
        String topHosts = "SELECT host, sum(size) AS bytes FROM crawl_log %s GROUP BY host ORDER BY bytes DESC, host LIMIT 10";
        String join = "SELECT h.robots_status, count(*) AS fetches, sum(c.size) AS bytes FROM crawl_log c JOIN crawl_host h ON c.host = h.host ";
        BenchQuery pointLookup = new BenchQuery("Q4", "point lookup by url in one segment",
                "SELECT url, host, status_code, size FROM crawl_log WHERE _segment = " + SqlScript.quoteLiteral(one.value()) + " AND url = " + BenchQuery.VALUE,
                "SELECT url, host, status_code, size FROM crawl_log WHERE crawl_job_id = " + BenchData.jobOf(one) + " AND url = " + BenchQuery.VALUE,
                List.of(one), "SELECT url, host, status_code, size FROM crawl_log WHERE url = " + BenchQuery.VALUE, null, false, false)
                .withValues("Q4", "point lookup by url in one segment", List.of(url));
        return List.of(
                new BenchQuery("Q1", "count and bytes by status, all segments",
                        "SELECT status_code, count(*) AS fetches, sum(size) AS bytes FROM crawl_log GROUP BY status_code",
                        "SELECT status_code, count(*) AS fetches, sum(size) AS bytes FROM crawl_log GROUP BY status_code",
                        all, "SELECT status_code, count(*), sum(size) FROM crawl_log GROUP BY status_code", sumBy(1, 2), false, false),
                new BenchQuery("Q2", "top 10 hosts by bytes, all segments", String.format(topHosts, ""), String.format(topHosts, ""),
                        all, "SELECT host, sum(size) FROM crawl_log GROUP BY host", topByValue(10), true, false),
                new BenchQuery("Q3", "top 10 hosts by bytes, 10% of segments by _segment",
                        String.format(topHosts, "WHERE _segment IN (" + inTenth + ")"),
                        String.format(topHosts, "WHERE crawl_job_id IN (" + jobsOfTenth + ")"),
                        tenth, "SELECT host, sum(size) FROM crawl_log GROUP BY host", topByValue(10), true, false),
                pointLookup,
                pointLookup.withValues("Q4v", "point lookup, another url each run (a text never seen, a shape seen)", otherUrls),
                pointLookup.withFreshText("Q4n", "point lookup, a text never seen (a new comment each run)"),
                new BenchQuery("Q5", "count(DISTINCT host), all segments", "SELECT count(DISTINCT host) FROM crawl_log",
                        "SELECT count(DISTINCT host) FROM crawl_log", all, "SELECT DISTINCT host FROM crawl_log", BenchQueries::countDistinct, false, false),
                new BenchQuery("Q6", "full scan of every row to the client", "SELECT url, size FROM crawl_log", "SELECT url, size FROM crawl_log",
                        all, "SELECT url, size FROM crawl_log", null, false, true),
                new BenchQuery("Q7", "one day of fetches, ORDER BY fetch_ts LIMIT 100",
                        "SELECT url, fetch_ts FROM crawl_log WHERE fetch_ts BETWEEN " + from + " AND " + to + " ORDER BY fetch_ts, url LIMIT 100",
                        "SELECT url, fetch_ts FROM crawl_log WHERE fetch_ts BETWEEN " + from + " AND " + to + " ORDER BY fetch_ts, url LIMIT 100",
                        all, "SELECT url, fetch_ts FROM crawl_log WHERE fetch_ts BETWEEN " + from + " AND " + to + " ORDER BY fetch_ts, url LIMIT 100",
                        first(100, Comparator.comparingLong((Object[] r) -> ((Number) r[1]).longValue()).thenComparing(r -> (String) r[0])), true, false),
                new BenchQuery("Q8", "join of two tables within one segment",
                        join + "WHERE c._segment = " + SqlScript.quoteLiteral(one.value()) + " AND h._segment = " + SqlScript.quoteLiteral(one.value())
                                + " GROUP BY h.robots_status",
                        join + "AND c.crawl_job_id = h.crawl_job_id WHERE c.crawl_job_id = " + BenchData.jobOf(one) + " GROUP BY h.robots_status",
                        List.of(one), join + "GROUP BY h.robots_status", null, false, false));
    }

    /** Rows grouped by their first column, the given columns summed. */
    private static UnaryOperator<List<Object[]>> sumBy(int... summed) {
        return rows -> {
            Map<Object, long[]> groups = new HashMap<>();
            for (Object[] row : rows) {
                long[] sums = groups.computeIfAbsent(row[0] == null ? NULL_KEY : row[0], k -> new long[summed.length]);
                for (int i = 0; i < summed.length; i++) sums[i] += row[summed[i]] == null ? 0 : ((Number) row[summed[i]]).longValue();
            }
            List<Object[]> merged = new ArrayList<>();
            groups.forEach((key, sums) -> {
                Object[] row = new Object[summed.length + 1];
                row[0] = key == NULL_KEY ? null : key;
                for (int i = 0; i < summed.length; i++) row[i + 1] = sums[i];
                merged.add(row);
            });
            return merged;
        };
    }

    private static final Object NULL_KEY = new Object();

    /** The first {@code n} groups by their summed second column, largest first, ties by the first. */
    private static UnaryOperator<List<Object[]>> topByValue(int n) {
        UnaryOperator<List<Object[]>> sum = sumBy(1);
        return rows -> sum.apply(rows).stream()
                .sorted(Comparator.comparingLong((Object[] r) -> (Long) r[1]).reversed().thenComparing(r -> (String) r[0]))
                .limit(n).toList();
    }

    private static UnaryOperator<List<Object[]>> first(int n, Comparator<Object[]> order) {
        return rows -> rows.stream().sorted(order).limit(n).toList();
    }

    private static List<Object[]> countDistinct(List<Object[]> rows) {
        Set<Object> distinct = new HashSet<>();
        for (Object[] row : rows) distinct.add(row[0]);
        return List.<Object[]>of(new Object[] {(long) distinct.size()});
    }
}
