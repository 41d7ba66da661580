package trough.tools.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.client.WorkerClient;
import trough.core.registry.Registry;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;
import trough.core.sqlite.SqliteConnections;
import trough.jdbc.spark.CrawlRows;
import trough.jdbc.spark.SparkStyleAppend;
import trough.registry.embedded.EmbeddedRegistry;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/**
 * A schema registered with its segment key on a real worker: a Spark-style append and plain INSERTs through
 * {@code jdbc:trough://} name no {@code _segment}, and each row lands in the segment its key names, created
 * from the schema on the worker.
 */
class SegmentKeyThroughWorkerTest {
    @TempDir
    Path dir;
    Registry registry;
    WorkerServer worker;
    String url;

    @BeforeEach
    void aWorkerWithAKeyedSchema() throws Exception {
        registry = EmbeddedRegistry.open(dir.resolve("registry"));
        worker = WorkerServer.start(WorkerConfig.defaults(dir.resolve("data")).withPort(0), registry);
        WorkerClient client = WorkerClient.sharing(WorkerClient.defaultHttpClient(), worker.url());
        client.putSchema(new SchemaDefinition("crawl", "CREATE TABLE crawl_log (url TEXT NOT NULL, size INTEGER, crawl_job_id INTEGER NOT NULL)",
                SegmentKey.of("crawl_job_id", "crawl-job-{crawl_job_id}")));
        url = "jdbc:trough://127.0.0.1:" + worker.port() + "/crawl";
    }

    @AfterEach
    void stop() {
        worker.close();
        registry.close();
    }

    @Test
    void aSparkStyleAppendLandsEachRowInTheSegmentItsKeyNames() throws Exception {
        List<Object[]> rows = CrawlRows.of(2500, 4);
        try (Connection connection = DriverManager.getConnection(url)) {
            assertEquals(List.of("url", "size", "crawl_job_id"), SparkStyleAppend.append(connection, "crawl_log", rows));
        }
        assertEquals(CrawlRows.bySegment(rows), stored());
        for (int job = 1; job <= 4; job++) {
            assertEquals("crawl", registry.segment(SegmentId.of("crawl-job-" + job)).orElseThrow().schema(), "created from the schema");
        }
    }

    @Test
    void plainInsertsNamingTheKeyAreRoutedAndABadKeyIsRefused() throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("INSERT INTO crawl_log (url, size, crawl_job_id) VALUES ('http://one/', 1, 7)"));
            assertEquals(2, statement.executeUpdate("INSERT INTO crawl_log (url, crawl_job_id) VALUES ('http://two/', 7), ('http://three/', 8)"));
            SQLException refused = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("INSERT INTO crawl_log (url, crawl_job_id) VALUES ('http://four/', 9), ('http://lost/', NULL)"));
            assertTrue(messages(refused).contains("row 2 of the INSERT into crawl_log: the segment key crawl_job_id is NULL"), messages(refused));
        }
        Map<String, List<String>> expected = new TreeMap<>(Map.of(
                "crawl-job-7", List.of("http://one/|1|7", "http://two/|NULL|7"), "crawl-job-8", List.of("http://three/|NULL|8")));
        assertEquals(expected, stored());
    }

    /** Each segment file of the worker's, read with SQLite itself. */
    private Map<String, List<String>> stored() throws SQLException {
        Map<String, List<String>> stored = new TreeMap<>();
        for (var segment : registry.segments("", null, 100).segments()) {
            List<String> rows = new ArrayList<>();
            try (Connection c = SqliteConnections.openReadOnly(worker.dataDir().resolve(segment.id().fileName()));
                 Statement st = c.createStatement(); ResultSet read = st.executeQuery(CrawlRows.READ_BACK)) {
                while (read.next()) rows.add(read.getString(1));
            }
            stored.put(segment.id().value(), rows);
        }
        return stored;
    }

    private static String messages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) text.append(t.getMessage()).append(" / ");
        return text.toString();
    }
}
