package trough.tools.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.sqlite.SQLiteConnection;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;
import trough.tools.console.ProgressLine;
import trough.tools.sample.CrawlLogSample;

/**
 * The benchmark's data: the crawl log of {@link CrawlLogSample} as segment files (one per crawl job) and the
 * same rows in one SQLite file, each with a small second table {@code crawl_host} for the join. Generated
 * once per scale and seed into a cache directory and found there next time.
 */
final class BenchData {
    static final String CRAWL_HOST_DDL = "CREATE TABLE crawl_host (host TEXT NOT NULL, crawl_job_id INTEGER NOT NULL, robots_status INTEGER, "
            + "PRIMARY KEY (host, crawl_job_id))";
    static final SchemaDefinition SCHEMA = new SchemaDefinition(CrawlLogSample.SCHEMA_NAME, CrawlLogSample.SCHEMA.sql() + CRAWL_HOST_DDL + ";\n");
    /** Each job's hosts, with a status derived from the name so that every run makes the same rows. */
    private static final String FILL_HOSTS = "INSERT INTO crawl_host SELECT host, crawl_job_id, length(host) % 3 FROM crawl_log "
            + "WHERE crawl_job_id = ? GROUP BY host";

    final BenchScale scale;
    final long seed;
    final Path segments;
    final Path single;
    final CrawlLogSample sample;

    private BenchData(BenchScale scale, long seed, Path root) {
        this.scale = scale;
        this.seed = seed;
        this.segments = root.resolve("segments");
        this.single = root.resolve("single.sqlite");
        this.sample = new CrawlLogSample(seed, scale.segments, scale.rows);
    }

    List<SegmentId> ids() {
        return sample.segmentIds();
    }

    /** The crawl job id of segment {@code index}, the single file's stand-in for {@code _segment}. */
    static int jobOf(SegmentId id) {
        return Integer.parseInt(id.value().substring("crawl-job-".length()));
    }

    static BenchData prepare(Path cache, BenchScale scale, long seed, PrintStream out) throws IOException, SQLException {
        Path root = cache.resolve(scale.name().toLowerCase() + "-" + seed);
        BenchData data = new BenchData(scale, seed, root);
        Path complete = root.resolve("complete");
        if (Files.exists(complete)) {
            out.printf("data: %s scale, seed %d, from %s%n", scale.name().toLowerCase(), seed, root);
            return data;
        }
        deleteTree(root);
        Files.createDirectories(data.segments);
        ProgressLine progress = new ProgressLine(out, "generating rows", 2L * scale.rows);
        AtomicLong done = new AtomicLong();
        List<SegmentId> ids = data.ids();
        try (SQLiteConnection single = create(data.single)) {
            for (int i = 0; i < ids.size(); i++) {
                try (SQLiteConnection segment = create(data.segments.resolve(ids.get(i).fileName()))) {
                    data.sample.fill(segment, i, rows -> progress.update(done.addAndGet(rows)));
                    fillHosts(segment, jobOf(ids.get(i)));
                }
                data.sample.fill(single, i, rows -> progress.update(done.addAndGet(rows)));
                fillHosts(single, jobOf(ids.get(i)));
            }
            try (Statement analyze = single.createStatement()) {
                analyze.execute("ANALYZE");
            }
        }
        progress.finish(String.format("%,d rows in %d segments and in one file", scale.rows, ids.size()));
        Files.writeString(complete, "");
        return data;
    }

    private static SQLiteConnection create(Path file) throws SQLException {
        SQLiteConnection connection = SqliteConnections.openReadWrite(file);
        try (Statement statement = connection.createStatement()) {
            for (SqlScript.Statement ddl : SqlScript.split(SCHEMA.sql())) statement.execute(ddl.sql());
        }
        return connection;
    }

    private static void fillHosts(SQLiteConnection connection, int job) throws SQLException {
        try (var insert = connection.prepareStatement(FILL_HOSTS)) {
            insert.setInt(1, job);
            insert.executeUpdate();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }
}
