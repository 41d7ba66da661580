package trough.tools.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.api.ClusterSegment;
import trough.core.client.TroughQueryException;
import trough.core.client.WorkerClient;
import trough.core.client.cluster.ClusterConnection;
import trough.core.client.cluster.ReadFragment;
import trough.core.client.cluster.RemoteRows;
import trough.core.order.SortKey;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqliteConnections;
import trough.jdbc.oracle.OracleDataSet;
import trough.jdbc.oracle.OracleTest;
import trough.jdbc.oracle.PinnedOracleTest;
import trough.registry.embedded.EmbeddedRegistry;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/**
 * Two workers serving copies of the same segments: when one stops answering, its segments are read from the
 * other and the answers stay those of one SQLite database; when none is left, the error names the segment.
 */
class ReplicaFailoverTest {
    @Test
    void aStoppedWorkersSegmentsAreReadFromTheirOtherReplica(@TempDir Path dir) throws Exception {
        OracleDataSet data = OracleDataSet.create(dir.resolve("oracle"), 8, 2000, 11, true);
        Path copy = Files.createDirectories(dir.resolve("copy"));
        for (String segment : data.segments) Files.copy(data.directory.resolve(segment + ".sqlite"), copy.resolve(segment + ".sqlite"));
        try (Registry registry = EmbeddedRegistry.open(dir.resolve("registry"))) {
            registry.putSchema(SchemaValidator.validate("oracle", OracleDataSet.T_DDL + ";" + OracleDataSet.U_DDL));
            for (String segment : data.segments) registry.putSegment(SegmentRecord.local(SegmentId.of(segment), "oracle", 0));
            WorkerServer w1 = start(registry, data.directory, "w1");
            WorkerServer w2 = start(registry, copy, "w2");
            WorkerServer bystander = start(registry, Files.createDirectories(dir.resolve("empty")), "w3");
            try {
                String url = "jdbc:trough://127.0.0.1:" + w1.port() + ",127.0.0.1:" + w2.port() + ",127.0.0.1:" + bystander.port() + "/oracle";
                OracleTest.assertSameAnswers(url, data, 10, 1);

                w1.close(); // its heartbeat is still fresh: the cluster map goes on listing it first for some segments
                OracleTest.assertSameAnswers(url, data, 10, 2);
                // A statement run whole on one segment is one more read of it, and moves to the other replica alike.
                PinnedOracleTest.assertSameAnswers(url, data, Set.of("t", "u"), 60, 3);

                w2.close();
                try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                    SQLException error = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT count(*) FROM t").next());
                    String message = messages(error);
                    assertTrue(message.matches("(?s).*segment seg-\\d\\d has no live replica left: \\[http://127.0.0.1:\\d+(, http://127.0.0.1:\\d+)*] failed.*"),
                            message);
                }
            } finally {
                w1.close();
                w2.close();
                bystander.close();
            }
        }
    }

    @Test
    void aWorkerMissingSomeOfABatchAnswersForTheRestAndOnlyTheMissingAreReadElsewhere(@TempDir Path dir) throws Exception {
        OracleDataSet data = OracleDataSet.create(dir.resolve("oracle"), 8, 2000, 13, true);
        Path other = Files.createDirectories(dir.resolve("other"));
        String lost = data.segments.get(1);
        Files.copy(data.directory.resolve(lost + ".sqlite"), other.resolve(lost + ".sqlite"));
        try (Registry registry = EmbeddedRegistry.open(dir.resolve("registry"))) {
            registry.putSchema(SchemaValidator.validate("oracle", OracleDataSet.T_DDL + ";" + OracleDataSet.U_DDL));
            for (String segment : data.segments) registry.putSegment(SegmentRecord.local(SegmentId.of(segment), "oracle", 0));
            WorkerServer w1 = start(registry, data.directory, "w1");
            WorkerServer w2 = start(registry, other, "w2");
            try {
                // w1 loses its copy of one segment; the map still lists w1 (first, by id) for it, as after a copy that failed to
                // download. The other segments of w1's batch have no other replica: only that one segment may move to w2.
                Files.delete(data.directory.resolve(lost + ".sqlite"));
                List<String> replicas = WorkerClient.sharing(WorkerClient.defaultHttpClient(), w1.url()).clusterSegments("oracle", null, 100)
                        .segments().stream().filter(segment -> segment.id().value().equals(lost)).findFirst().orElseThrow().replicas();
                assertEquals(List.of(w1.url(), w2.url()), replicas, "reads of " + lost + " go to w1 first");
                String url = "jdbc:trough://127.0.0.1:" + w1.port() + ",127.0.0.1:" + w2.port() + "/oracle";
                OracleTest.assertSameAnswers(url, data, 10, 3);
            } finally {
                w1.close();
                w2.close();
            }
        }
    }

    @Test
    void aSegmentMovedSinceTheListingWasReadIsReadWhereItIsNow(@TempDir Path dir) throws Exception {
        OracleDataSet data = OracleDataSet.create(dir.resolve("oracle"), 3, 900, 17, true);
        String moved = data.segments.get(1);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Registry registry = EmbeddedRegistry.open(dir.resolve("registry"))) {
            registry.putSchema(SchemaValidator.validate("oracle", OracleDataSet.T_DDL + ";" + OracleDataSet.U_DDL));
            for (String segment : data.segments) registry.putSegment(SegmentRecord.local(SegmentId.of(segment), "oracle", 0));
            WorkerServer w1 = start(registry, data.directory, "w1");
            WorkerServer w2 = null;
            try {
                // A listing kept for as long as the test runs: it was read before the segment moved.
                ClusterConnection cluster = new ClusterConnection(WorkerClient.defaultHttpClient(), List.of(w1.url()), Long.MAX_VALUE);
                ClusterSegment listed = cluster.segments("oracle").get(SegmentId.of(moved));
                assertEquals(List.of(w1.url()), listed.replicas());
                long expected;
                try (Connection file = SqliteConnections.openReadOnly(data.directory.resolve(moved + ".sqlite"));
                     Statement statement = file.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
                    rows.next();
                    expected = rows.getLong(1);
                }
                // It moves: w2 serves a copy, and w1 no longer holds it.
                Files.copy(data.directory.resolve(moved + ".sqlite"), elsewhere.resolve(moved + ".sqlite"));
                w2 = start(registry, elsewhere, "w2");
                Files.delete(data.directory.resolve(moved + ".sqlite"));

                RemoteRows rows = new RemoteRows(cluster, "oracle", pool, 30_000, 100, List.of(), 0);
                rows.send(new ReadFragment("SELECT count(*) FROM t", List.of(), null), w1.url(), List.of(listed), List.of());
                rows.sealed();
                Object[] count = rows.next();
                assertEquals(expected, ((Number) count[0]).longValue());
                assertEquals(null, rows.next());
                rows.close();

                // Every worker gone, the listing cannot be read again either: the read fails naming the segment, it does not end short.
                String w1Url = w1.url();
                w1.close();
                w2.close();
                RemoteRows stranded = new RemoteRows(cluster, "oracle", pool, 30_000, 100, List.of(), 0);
                stranded.send(new ReadFragment("SELECT count(*) FROM t", List.of(), null), w1Url, List.of(listed), List.of());
                stranded.sealed();
                TroughQueryException error = assertThrows(TroughQueryException.class, stranded::next);
                assertTrue(error.getMessage().contains("segment " + moved + " has no live replica left"), error.getMessage());
                stranded.close();
                // A request that cannot even start (here a worker address that is no URL) fails the read too.
                RemoteRows unstartable = new RemoteRows(cluster, "oracle", pool, 30_000, 100, List.of(), 0);
                unstartable.send(new ReadFragment("SELECT count(*) FROM t", List.of(), null), "not a url", List.of(listed), List.of());
                unstartable.sealed();
                assertThrows(TroughQueryException.class, unstartable::next);
                unstartable.close();
            } finally {
                w1.close();
                if (w2 != null) w2.close();
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aSortedReadMovedOnRemembersEveryWorkerThatDidNotServeASegment(@TempDir Path dir) throws Exception {
        OracleDataSet data = OracleDataSet.create(dir.resolve("oracle"), 3, 600, 19, true);
        String nowhere = data.segments.get(0);
        Path onW1 = Files.createDirectories(dir.resolve("w1"));
        Path onW2 = Files.createDirectories(dir.resolve("w2"));
        Files.copy(data.directory.resolve(data.segments.get(1) + ".sqlite"), onW1.resolve(data.segments.get(1) + ".sqlite"));
        Files.copy(data.directory.resolve(data.segments.get(2) + ".sqlite"), onW2.resolve(data.segments.get(2) + ".sqlite"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Registry registry = EmbeddedRegistry.open(dir.resolve("registry"))) {
            registry.putSchema(SchemaValidator.validate("oracle", OracleDataSet.T_DDL + ";" + OracleDataSet.U_DDL));
            for (String segment : data.segments) registry.putSegment(SegmentRecord.local(SegmentId.of(segment), "oracle", 0));
            WorkerServer w1 = start(registry, onW1, "w1");
            WorkerServer w2 = start(registry, onW2, "w2");
            try {
                // A listing that names both workers for every segment; each serves one, and neither the first (its copies
                // failed to download, say).
                ClusterConnection cluster = new ClusterConnection(WorkerClient.defaultHttpClient(), List.of(w1.url(), w2.url()), Long.MAX_VALUE);
                List<ClusterSegment> listed = data.segments.stream()
                        .map(segment -> new ClusterSegment(SegmentId.of(segment), "oracle", List.of(w1.url(), w2.url()), null)).toList();
                // Sorted: w1's answer that it does not serve two of them sends the request on as a moved one, and w2's
                // answer that it does not serve the first must not send it back to w1.
                RemoteRows rows = new RemoteRows(cluster, "oracle", pool, 20_000, 100, List.of(new SortKey(0, false, true)), 0);
                rows.send(new ReadFragment("SELECT id FROM t ORDER BY id", List.of(), null), w1.url(), listed, List.of());
                rows.sealed();
                TroughQueryException error = assertThrows(TroughQueryException.class, rows::next);
                assertTrue(error.getMessage().contains("segment " + nowhere + " is not served by worker " + w2.url()
                        + ", and no other live replica is left (tried [" + w1.url() + ", " + w2.url() + "])"), error.getMessage());
                rows.close();
            } finally {
                w1.close();
                w2.close();
                pool.shutdownNow();
            }
        }
    }

    private static WorkerServer start(Registry registry, Path data, String id) {
        WorkerConfig config = WorkerConfig.defaults(data).withPort(0);
        return WorkerServer.start(config.withMembership(config.membership().withWorkerId(id)), registry);
    }

    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) all.append(t.getMessage()).append('\n');
        return all.toString();
    }
}
