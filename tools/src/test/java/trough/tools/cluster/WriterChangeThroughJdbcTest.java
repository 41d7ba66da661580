package trough.tools.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.client.WorkerClient;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Registry;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.registry.embedded.EmbeddedRegistry;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/**
 * A JDBC connection presents the lease epoch of its last write to a segment: when the segment's writer changed
 * meanwhile, its next write is refused and says why, instead of committing behind the new writer's back.
 */
class WriterChangeThroughJdbcTest {
    @Test
    void aWriteUnderAStaleEpochIsRefusedThenTheConnectionGoesOn(@TempDir Path dir) throws Exception {
        OkHttpClient http = WorkerClient.defaultHttpClient();
        try (Registry registry = EmbeddedRegistry.open(dir.resolve("registry"))) {
            registry.putSchema(SchemaValidator.validate("kv", "CREATE TABLE kv (k TEXT, v INTEGER)"));
            WorkerServer w1 = start(registry, dir, "w1");
            WorkerServer w2 = start(registry, dir, "w2");
            try (Connection connection = DriverManager.getConnection("jdbc:trough://127.0.0.1:" + w1.port() + ",127.0.0.1:" + w2.port() + "/kv");
                 Statement statement = connection.createStatement()) {
                assertEquals(1, statement.executeUpdate("INSERT INTO kv (_segment, k, v) VALUES ('s', 'a', 1)"));
                Lease first = registry.leases().current(LeaseName.write(SegmentId.of("s"))).orElseThrow();
                WorkerServer writer = first.holder().equals("w1") ? w1 : w2;
                WorkerServer other = writer == w1 ? w2 : w1;
                post(http, writer.url() + "/v1/segments/s/promote", "");

                // The writer loses its lease (as if it stalled past its TTL) and the other worker takes the writes.
                registry.leases().release(first);
                post(http, other.url() + "/v1/segments/s/write", "INSERT INTO kv VALUES ('b', 2)");
                Lease second = registry.leases().current(LeaseName.write(SegmentId.of("s"))).orElseThrow();
                assertNotEquals(first.holder(), second.holder());
                Thread.sleep(1100); // the connection's cluster map is rechecked at most once a second

                SQLException stale = assertThrows(SQLException.class,
                        () -> statement.executeUpdate("INSERT INTO kv (_segment, k, v) VALUES ('s', 'c', 3)"));
                String message = messages(stale);
                assertTrue(message.contains("now written under lease epoch " + second.epoch() + ", not " + first.epoch())
                        && message.contains("as its new writer serves it, then write again"), message);
                assertEquals(2, count(statement), "nothing was written by the refused statement");

                assertEquals(1, statement.executeUpdate("INSERT INTO kv (_segment, k, v) VALUES ('s', 'c', 3)"), "the next one goes to the new writer");
                assertEquals(3, count(statement));
            } finally {
                w1.close();
                w2.close();
            }
        }
    }

    private static WorkerServer start(Registry registry, Path dir, String id) {
        WorkerConfig config = WorkerConfig.defaults(dir.resolve(id)).withPort(0).withStorage(dir.resolve("durable").toUri());
        return WorkerServer.start(config.withMembership(config.membership().withWorkerId(id)), registry);
    }

    private static long count(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM kv WHERE _segment = 's'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void post(OkHttpClient http, String url, String body) throws Exception {
        try (Response response = http.newCall(new Request.Builder().url(url).post(RequestBody.create(body, MediaType.get("application/sql"))).build()).execute()) {
            if (response.code() != 200) throw new AssertionError(url + " answered " + response.code() + ": " + response.body().string());
        }
    }

    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) all.append(t.getMessage()).append(" / ");
        return all.toString();
    }
}
