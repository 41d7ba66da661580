package trough.tools.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import trough.core.client.WorkerClient;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Replica;
import trough.core.registry.SegmentRecord;
import trough.core.registry.WorkerRecord;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.jdbc.oracle.OracleDataSet;
import trough.jdbc.oracle.OracleTest;
import trough.sync.storage.MiniHdfs;
import trough.worker.cluster.WriteLeases;

/**
 * A cluster of real processes: three workers (R=2) and two sync servers over one registry, with durable
 * copies in a real in-process HDFS. Nodes are killed with SIGKILL while queries run through jdbc:trough://,
 * and every answer is checked against one SQLite database holding all the rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KilledNodesTest {
    private static final int SEGMENTS = 12;
    private static final long SEED = 77;

    private Path dir;
    private NodeProcesses nodes;
    private OracleDataSet data;
    private String jdbcUrl;
    private final OkHttpClient http = WorkerClient.defaultHttpClient();

    @BeforeAll
    void startCluster() throws Exception {
        dir = Files.createTempDirectory("trough-killed-nodes");
        nodes = new NodeProcesses(dir, MiniHdfs.freshDirectory("killed-nodes"));
        data = OracleDataSet.create(dir.resolve("oracle"), SEGMENTS, 3000, SEED, true);
        nodes.registry.putSchema(SchemaValidator.validate("oracle", OracleDataSet.T_DDL + ";" + OracleDataSet.U_DDL));
        for (String segment : data.segments) nodes.registry.putSegment(SegmentRecord.local(SegmentId.of(segment), "oracle", 0));

        String w1 = nodes.startWorker("w1", data.directory);
        String w2 = nodes.startWorker("w2");
        String w3 = nodes.startWorker("w3");
        nodes.startSync("s1");
        nodes.startSync("s2");
        jdbcUrl = "jdbc:trough://" + hostPort(w1) + "," + hostPort(w2) + "," + hostPort(w3) + "/oracle";
        for (String segment : data.segments) post(w1 + "/v1/segments/" + segment + "/promote", "");
        awaitTwoLiveCopiesOfEverySegment(Duration.ofSeconds(60));
    }

    @AfterAll
    void stopCluster() {
        nodes.close();
    }

    @Test
    @Order(1)
    void everySegmentHasTwoCopiesAndQueriesAnswerAsOneSqliteDatabase() throws Exception {
        // w1 drops a copy it was not assigned only once two others serve it, on a later sync cycle: wait for it.
        NodeProcesses.awaitTrue("w1 to give up the copies placed elsewhere", Duration.ofSeconds(30),
                () -> nodes.registry.placements().replicasOf("w1").size() < SEGMENTS);
        OracleTest.assertSameAnswers(jdbcUrl, data, 40, SEED);
    }

    @Test
    @Order(2)
    void killingAWorkerLosesNoAnswerAndTheMasterRestoresTwoCopies() throws Exception {
        nodes.kill("w2");
        Instant killed = Instant.now();
        // At once: the cluster map still lists w2, so its segments fail over to their other replica.
        OracleTest.assertSameAnswers(jdbcUrl, data, 40, SEED + 1);
        awaitTwoLiveCopiesOfEverySegment(Duration.ofSeconds(60));
        System.out.printf("two live copies of every segment again %d ms after w2 was killed%n", Duration.between(killed, Instant.now()).toMillis());
        for (String segment : data.segments) {
            Set<String> holders = nodes.registry.placements().replicasOf(List.of(SegmentId.of(segment))).get(SegmentId.of(segment)).stream()
                    .map(Replica::worker).collect(Collectors.toSet());
            assertTrue(holders.containsAll(Set.of("w1", "w3")), segment + " is on " + holders);
        }
        OracleTest.assertSameAnswers(jdbcUrl, data, 20, SEED + 2);
    }

    @Test
    @Order(3)
    void killingTheMasterHandsPlacementToTheOtherSyncServer() throws Exception {
        Lease master = nodes.registry.leases().current(LeaseName.LEADER).orElseThrow();
        String standby = master.holder().equals("s1") ? "s2" : "s1";
        nodes.kill(master.holder());
        Instant killed = Instant.now();
        NodeProcesses.awaitTrue(standby + " to become master", Duration.ofSeconds(10), () -> nodes.registry.leases().current(LeaseName.LEADER)
                .filter(lease -> lease.holder().equals(standby) && lease.liveAt(nodes.registry.now())).isPresent());
        long takeover = Duration.between(killed, Instant.now()).toMillis();
        System.out.printf("%s became master %d ms after %s was killed (lease TTL 1000 ms)%n", standby, takeover, master.holder());
        assertTrue(takeover <= 2_500, "took over in " + takeover + " ms, more than about twice the TTL");
        assertTrue(nodes.registry.leases().current(LeaseName.LEADER).orElseThrow().epoch() > master.epoch());

        nodes.startWorker("w4");
        NodeProcesses.awaitTrue("the new master to place segments on w4 and w4 to serve them", Duration.ofSeconds(60),
                () -> !nodes.registry.placements().assignmentsOf("w4").isEmpty()
                        && nodes.registry.placements().replicasOf("w4").size() == nodes.registry.placements().assignmentsOf("w4").size());
        awaitTwoLiveCopiesOfEverySegment(Duration.ofSeconds(60));
    }

    @Test
    @Order(4)
    void aKilledWritersLeaseIsTakenOverWithEveryAcknowledgedRowAndItsEpochRefused() throws Exception {
        String segment = data.segments.get(3);
        long before = count(segment);
        insert(segment, 9_000_001);
        Lease lease = nodes.registry.leases().current(LeaseName.write(SegmentId.of(segment))).orElseThrow();
        String writerUrl = nodes.registry.workers().worker(lease.holder()).map(WorkerRecord::url).orElseThrow();
        post(writerUrl + "/v1/segments/" + segment + "/promote", "");
        insert(segment, 9_000_002); // acknowledged, never promoted: in the change log only
        assertEquals(before + 2, count(segment));

        nodes.kill(lease.holder());
        NodeProcesses.awaitTrue("the killed writer's lease to expire", Duration.ofSeconds(10),
                () -> !lease.liveAt(nodes.registry.now()) && nodes.registry.leases().current(lease.name()).map(l -> !l.liveAt(nodes.registry.now())).orElse(true));
        insert(segment, 9_000_003);
        Lease taken = nodes.registry.leases().current(LeaseName.write(SegmentId.of(segment))).orElseThrow();
        assertTrue(taken.epoch() > lease.epoch() && !taken.holder().equals(lease.holder()), "taken over: " + taken + " after " + lease);
        assertEquals(before + 3, count(segment), "the promoted row, the one only in the change log, and the new one");

        String newWriter = nodes.registry.workers().worker(taken.holder()).map(WorkerRecord::url).orElseThrow();
        try (Response stale = http.newCall(new Request.Builder().url(newWriter + "/v1/segments/" + segment + "/write")
                .header(WriteLeases.EPOCH_HEADER, Long.toString(lease.epoch()))
                .post(RequestBody.create("INSERT INTO t (id) VALUES (9000004)", MediaType.get("application/sql"))).build()).execute()) {
            String body = stale.body().string();
            assertEquals(409, stale.code(), body);
            assertTrue(body.contains("stale_lease"), body);
        }
        assertEquals(before + 3, count(segment), "the stale write changed nothing");
    }

    private void insert(String segment, long id) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("INSERT INTO t (_segment, id, grp) VALUES ('" + segment + "', " + id + ", 'written')"));
        }
    }

    private long count(String segment) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM t WHERE _segment = '" + segment + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Waits until every segment is served at its promoted generation by two workers that heartbeat. */
    private void awaitTwoLiveCopiesOfEverySegment(Duration timeout) {
        NodeProcesses.awaitTrue("two live copies of every segment", timeout, () -> {
            Set<String> live = nodes.registry.workers().aliveAt(nodes.registry.now()).stream().map(WorkerRecord::id).collect(Collectors.toSet());
            List<SegmentId> ids = data.segments.stream().map(SegmentId::of).toList();
            Map<SegmentId, List<Replica>> replicas = nodes.registry.placements().replicasOf(ids);
            for (SegmentId id : ids) {
                SegmentRecord record = nodes.registry.segment(id).orElseThrow();
                if (record.generation() < 1) return false;
                long copies = replicas.getOrDefault(id, List.of()).stream()
                        .filter(r -> live.contains(r.worker()) && r.generation() >= record.generation()).count();
                if (copies < 2) return false;
            }
            return true;
        });
    }

    private void post(String url, String body) throws IOException {
        try (Response response = http.newCall(new Request.Builder().url(url)
                .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute()) {
            if (response.code() != 200) throw new AssertionError(url + " answered " + response.code() + ": " + response.body().string());
        }
    }

    private static String hostPort(String url) {
        return url.substring(url.indexOf("//") + 2);
    }
}
