package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.LeaseName;
import trough.core.segment.SegmentId;

/**
 * Many clients create one new segment at the same moment and then write to it: exactly one of them creates it,
 * the others find it, and every write answered 200 is in the one file that results.
 */
class ConcurrentCreationTest {
    private static final int CLIENTS = 16;
    private static final int WRITES_PER_CLIENT = 10;
    private static final String SEGMENT = "fresh";

    @TempDir
    Path dir;

    @Test
    void oneWorkerCreatesANewSegmentOnceAndLosesNoWrite() throws Exception {
        try (TestWorker worker = TestWorker.start(dir)) {
            register(worker, "s", "CREATE TABLE t (k TEXT PRIMARY KEY)");
            List<Client> clients = race(client -> worker, client -> "s", client -> "k");

            assertEquals(statuses(1, CLIENTS - 1, 0), provisionStatuses(clients), answers(clients));
            assertAcknowledgedWritesArePresent(clients, worker);
            assertEquals(List.of(SEGMENT + ".sqlite"), segmentFiles(worker), "one file, no leftovers");
        }
    }

    /**
     * With two workers over one registry the write lease decides who creates: the worker that holds it answers
     * 201 once and 200 after, the other answers 409 naming the writer, whose copy is the only one.
     */
    @Test
    void twoWorkersSharingARegistryCreateANewSegmentOnce() throws Exception {
        try (TestWorker w1 = member("w1"); TestWorker w2 = member("w2")) {
            register(w1, "s", "CREATE TABLE t (k TEXT PRIMARY KEY)");
            List<Client> clients = race(client -> client % 2 == 0 ? w1 : w2, client -> "s", client -> "k");

            String holder = w1.registry.leases().current(LeaseName.write(SegmentId.of(SEGMENT))).orElseThrow().holder();
            TestWorker writer = holder.equals("w1") ? w1 : w2;
            TestWorker other = writer == w1 ? w2 : w1;
            assertEquals(statuses(1, CLIENTS / 2 - 1, CLIENTS / 2), provisionStatuses(clients), answers(clients));
            for (Client client : clients) {
                if (client.provision.status() == 409) {
                    assertEquals(other, client.asked, "only the worker without the lease refuses: " + client.provision);
                    assertEquals("segment_has_writer", client.provision.error(), client.provision.toString());
                    assertTrue(client.provision.detail().contains(writer.server.url()), "the refusal names the writer: " + client.provision);
                }
            }
            assertAcknowledgedWritesArePresent(clients, writer);
            assertEquals(List.of(SEGMENT + ".sqlite"), segmentFiles(writer));
            assertEquals(List.of(), segmentFiles(other), "the worker without the lease created nothing");
        }
    }

    /** Half the clients name another schema: whichever schema creates the segment, the others are told 409. */
    @Test
    void creatorsNamingAnotherSchemaAreRefusedWithoutHarm() throws Exception {
        try (TestWorker worker = TestWorker.start(dir)) {
            register(worker, "a", "CREATE TABLE t (k TEXT PRIMARY KEY, a INTEGER)");
            register(worker, "b", "CREATE TABLE t (k TEXT PRIMARY KEY, b INTEGER)");
            List<Client> clients = race(client -> worker, client -> client % 2 == 0 ? "a" : "b", client -> client % 2 == 0 ? "a" : "b");

            String winner = worker.registry.segment(SegmentId.of(SEGMENT)).orElseThrow().schema();
            for (Client client : clients) {
                if (client.schema.equals(winner)) {
                    assertTrue(client.provision.status() == 201 || client.provision.status() == 200, client.provision.toString());
                } else {
                    assertEquals(409, client.provision.status(), client.provision.toString());
                    assertEquals("schema_conflict", client.provision.error(), client.provision.toString());
                }
            }
            assertEquals(statuses(1, CLIENTS / 2 - 1, CLIENTS / 2), provisionStatuses(clients), answers(clients));
            // The winners' writes name the winning schema's column: they commit only if the file was made from it.
            assertAcknowledgedWritesArePresent(clients, worker);
            assertEquals(CLIENTS / 2 * WRITES_PER_CLIENT, worker.count(SEGMENT, "t"));
            assertEquals(List.of(SEGMENT + ".sqlite"), segmentFiles(worker));
        }
    }

    private TestWorker member(String id) {
        return TestWorker.start(dir.resolve(id), dir.resolve("registry"), config -> config.withMembership(config.membership().withWorkerId(id)
                .withTimings(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30))));
    }

    private static void register(TestWorker worker, String schema, String ddl) {
        TestWorker.Answer put = worker.put("/v1/schemas/" + schema, ddl);
        assertEquals(201, put.status(), put.toString());
    }

    /** One client: the worker it asked to create the segment, under which schema, what it was told, and its writes. */
    private static final class Client {
        final int number;
        final TestWorker asked;
        final String schema;
        TestWorker.Answer provision;
        final Map<String, Integer> writes = new TreeMap<>();

        Client(int number, TestWorker asked, String schema) {
            this.number = number;
            this.asked = asked;
            this.schema = schema;
        }

        Set<String> acknowledged() {
            Set<String> keys = new TreeSet<>();
            writes.forEach((key, status) -> {
                if (status == 200) keys.add(key);
            });
            return keys;
        }
    }

    /**
     * Starts every client at once: each asks its worker to create the segment, then writes its own keys (into the
     * column named by {@code column}) to the segment's writer, whichever worker the write lease names.
     */
    private static List<Client> race(IntFunction<TestWorker> asked, IntFunction<String> schema, IntFunction<String> column) throws Exception {
        CyclicBarrier start = new CyclicBarrier(CLIENTS);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        Map<String, TestWorker> byId = new ConcurrentHashMap<>();
        List<Future<Client>> running = new ArrayList<>();
        for (int n = 0; n < CLIENTS; n++) {
            Client client = new Client(n, asked.apply(n), schema.apply(n));
            byId.put(client.asked.server.workerId(), client.asked);
            String insertColumn = column.apply(n);
            running.add(pool.submit(() -> {
                start.await();
                client.provision = client.asked.post("/v1/segments", "{\"segment\": \"" + SEGMENT + "\", \"schema\": \"" + client.schema + "\"}",
                        "application/json");
                if (client.provision.status() == 409 && !"segment_has_writer".equals(client.provision.error())) return client;
                TestWorker writer = client.provision.status() == 409 ? writerOf(client.asked, byId) : client.asked;
                for (int w = 0; w < WRITES_PER_CLIENT; w++) {
                    String key = "c" + client.number + "-" + w;
                    String sql = insertColumn.equals("k") ? "INSERT INTO t (k) VALUES ('" + key + "')"
                            : "INSERT INTO t (k, " + insertColumn + ") VALUES ('" + key + "', " + w + ")";
                    client.writes.put(key, writer.post("/v1/segments/" + SEGMENT + "/write", sql, "application/sql").status());
                }
                return client;
            }));
        }
        List<Client> clients = new ArrayList<>();
        for (Future<Client> client : running) clients.add(client.get(2, TimeUnit.MINUTES));
        pool.shutdown();
        return clients;
    }

    private static TestWorker writerOf(TestWorker asked, Map<String, TestWorker> workers) {
        String holder = asked.registry.leases().current(LeaseName.write(SegmentId.of(SEGMENT))).orElseThrow().holder();
        return workers.get(holder);
    }

    private static Map<Integer, Long> provisionStatuses(List<Client> clients) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (Client client : clients) counts.merge(client.provision.status(), 1L, Long::sum);
        return counts;
    }

    private static Map<Integer, Long> statuses(long created, long found, long refused) {
        Map<Integer, Long> counts = new TreeMap<>();
        counts.put(201, created);
        if (found > 0) counts.put(200, found);
        if (refused > 0) counts.put(409, refused);
        return counts;
    }

    private static String answers(List<Client> clients) {
        StringBuilder text = new StringBuilder("answers to the creations:");
        for (Client client : clients) text.append("\n  client ").append(client.number).append(" asked ").append(client.asked.server.workerId())
                .append(": ").append(client.provision.status()).append(' ').append(client.provision.body());
        return text.toString();
    }

    /** Every write answered 200 is in the segment, nothing else is, and no request was answered 5xx. */
    private static void assertAcknowledgedWritesArePresent(List<Client> clients, TestWorker writer) {
        Set<String> acknowledged = new TreeSet<>();
        Map<String, Integer> failed = new TreeMap<>();
        for (Client client : clients) {
            acknowledged.addAll(client.acknowledged());
            client.writes.forEach((key, status) -> {
                if (status != 200) failed.put(key, status);
            });
        }
        assertEquals(Map.of(), failed, "every write to the segment's writer succeeds");
        TestWorker.Answer rows = writer.query("SELECT k FROM t", SEGMENT);
        assertEquals(200, rows.status(), rows.toString());
        Set<String> present = new TreeSet<>();
        for (JsonNode row : rows.json()) present.add(row.get("k").asText());
        Set<String> lost = new TreeSet<>(acknowledged);
        lost.removeAll(present);
        assertEquals(Set.of(), lost, lost.size() + " of " + acknowledged.size() + " acknowledged writes are not in the segment");
        assertEquals(acknowledged, present);
    }

    private static List<String> segmentFiles(TestWorker worker) throws IOException {
        try (Stream<Path> files = Files.list(worker.dataDir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.contains(".sqlite") && !name.endsWith("-wal")
                    && !name.endsWith("-shm") && !name.endsWith("-log")).sorted().toList();
        }
    }
}
