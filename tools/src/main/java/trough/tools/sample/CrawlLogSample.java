package trough.tools.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;

/**
 * A deterministic web-crawl log, sharded by crawl job into segments of uneven sizes: a few hosts are very
 * frequent (Zipf-like), most fetches answer 200, sizes are log-normal, fetch times span 30 days.
 */
public final class CrawlLogSample {
    public static final String SCHEMA_NAME = "crawl_log";
    /** Each row's segment is named after its crawl job, so an INSERT that gives crawl_job_id needs no _segment. */
    public static final SegmentKey SEGMENT_KEY = SegmentKey.of("crawl_job_id", "crawl-job-{crawl_job_id}");
    public static final SchemaDefinition SCHEMA = new SchemaDefinition(SCHEMA_NAME, """
            CREATE TABLE crawl_log (
                url TEXT NOT NULL,
                host TEXT NOT NULL,
                status_code INTEGER,
                mimetype TEXT,
                size INTEGER,
                fetch_ts INTEGER,
                crawl_job_id INTEGER NOT NULL
            );
            CREATE INDEX crawl_log_url ON crawl_log (url);
            CREATE INDEX crawl_log_fetch_ts ON crawl_log (fetch_ts);
            """, SEGMENT_KEY);

    private static final String[] MIMETYPES = {"text/html", "text/html", "text/html", "text/html", "image/jpeg", "image/png",
            "application/pdf", "text/css", "application/javascript", "application/json", "video/mp4", "text/plain"};
    private static final int[] STATUS = {200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 301, 302, 304, 404, 404, 500};
    private static final long START_TS = 1_767_225_600L; // 2026-01-01T00:00:00Z
    private static final int HOSTS = 500;

    private final long seed;
    private final int segments;
    private final int totalRows;

    public CrawlLogSample(long seed, int segments, int totalRows) {
        this.seed = seed;
        this.segments = segments;
        this.totalRows = totalRows;
    }

    /** The segment ids, {@code crawl-job-1001} onwards, one per crawl job. */
    public List<SegmentId> segmentIds() {
        List<SegmentId> ids = new ArrayList<>();
        for (int i = 0; i < segments; i++) ids.add(SEGMENT_KEY.segmentOf(jobId(i)));
        return ids;
    }

    /** Rows of segment {@code index}: uneven, the largest about four times the smallest. */
    public int rowsOf(int index) {
        double weight = 1.0 + 3.0 * ((index * 7919L) % segments) / Math.max(1, segments - 1);
        double total = 0;
        for (int i = 0; i < segments; i++) total += 1.0 + 3.0 * ((i * 7919L) % segments) / Math.max(1, segments - 1);
        return (int) Math.round(totalRows * weight / total);
    }

    /** Inserts the rows of segment {@code index} into {@code connection}'s crawl_log, in one transaction. */
    public void fill(Connection connection, int index, IntConsumer progress) throws SQLException {
        Random random = new Random(seed * 1_000_003L + index);
        int rows = rowsOf(index);
        int job = jobId(index);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO crawl_log (url, host, status_code, mimetype, size, fetch_ts, crawl_job_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int row = 0; row < rows; row++) {
                String host = host(random);
                String mimetype = MIMETYPES[random.nextInt(MIMETYPES.length)];
                insert.setString(1, "https://" + host + "/" + path(random, row, mimetype));
                insert.setString(2, host);
                if (random.nextInt(200) == 0) insert.setNull(3, java.sql.Types.INTEGER); else insert.setInt(3, STATUS[random.nextInt(STATUS.length)]);
                insert.setString(4, mimetype);
                insert.setLong(5, Math.round(Math.exp(9 + 1.5 * random.nextGaussian())));
                insert.setLong(6, START_TS + random.nextInt(30 * 86_400));
                insert.setInt(7, job);
                insert.addBatch();
                if ((row + 1) % 5_000 == 0) {
                    insert.executeBatch();
                    progress.accept(5_000);
                }
            }
            insert.executeBatch();
            progress.accept(rows % 5_000);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static int jobId(int index) {
        return 1001 + index;
    }

    /** A Zipf-like pick: host k is chosen with probability proportional to 1/k. */
    private static String host(Random random) {
        double u = random.nextDouble();
        int k = (int) Math.floor(Math.pow(HOSTS + 1, u));
        k = Math.max(1, Math.min(HOSTS, k));
        return "www.site" + k + (k % 3 == 0 ? ".org" : ".com");
    }

    private static String path(Random random, int row, String mimetype) {
        String extension = switch (mimetype) {
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "application/pdf" -> ".pdf";
            case "text/css" -> ".css";
            case "application/javascript" -> ".js";
            default -> "";
        };
        return "p/" + Integer.toString(random.nextInt(1 << 20), 36) + "/" + row + extension;
    }
}
