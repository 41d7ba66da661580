package trough.tools.cluster;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.sync.storage.MiniHdfs;

/**
 * What "acknowledged" promises, checked with real processes: three workers (R=2) and two sync servers over one
 * registry, durable copies in a real in-process HDFS. A writer streams small JDBC batches into a few segments
 * and remembers every key whose executeBatch returned; meanwhile the segment's writer is stopped with SIGTERM and
 * started again, the sync master is killed, and the (new) writer is killed with SIGKILL and its disk lost. After
 * each step every acknowledged key must still be found, and reads of the segment may fail only for about the
 * time it takes the cluster to notice a dead node.
 */
class AcknowledgedWritesTest {
    private static final String SCHEMA = "durable";
    private static final List<String> SEGMENTS = List.of("acked-0", "acked-1", "acked-2");
    /** The segment whose writer is stopped and killed, and whose reads are timed. */
    private static final String WATCHED = SEGMENTS.get(0);
    private static final int BATCH = 5;
    /**
     * The longest reads of the watched segment may fail after a node dies: the dead writer's lease must run out
     * (2 s), its heartbeat must go stale (1 s) for readers to be sent elsewhere, plus 5 s of slack for processes
     * and JVMs sharing 2 loaded cores. A liveness bound, not a performance target.
     */
    private static final Duration READ_OUTAGE_BOUND = NodeProcesses.WRITE_LEASE_TTL.plus(NodeProcesses.HEARTBEAT_TTL).plusSeconds(5);
    /** How long the test waits for writes to be acknowledged again after a step before it says they are not. */
    private static final Duration WRITES_RESUME_WITHIN = Duration.ofSeconds(20);
    /** How long keys missing from a read are looked for again before they count as lost. */
    private static final Duration MISSING_KEYS_LOOKED_FOR = Duration.ofSeconds(5);
    /**
     * Workers promote what they wrote this often, so that older generations of the segments have copies on other
     * workers while newer writes exist only since: the situation in which a restarted writer once dropped them.
     */
    private static final String PROMOTE_EVERY = "2s";

    /** Kept when the test fails: the nodes' logs are there. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void everyAcknowledgedKeySurvivesARestartAKilledMasterAndALostWriter() throws Exception {
        try (NodeProcesses nodes = new NodeProcesses(dir, MiniHdfs.freshDirectory("acknowledged-writes"))) {
            nodes.registry.putSchema(SchemaValidator.validate(SCHEMA, "CREATE TABLE t (k INTEGER PRIMARY KEY, written_at TEXT)"));
            Map<String, Map<String, String>> workers = new LinkedHashMap<>();
            for (String worker : List.of("w1", "w2", "w3")) {
                workers.put(worker, Map.of("worker.port", Integer.toString(NodeProcesses.freePort()), "worker.promoteEvery", PROMOTE_EVERY));
            }
            nodes.startSync("s1");
            nodes.startSync("s2");
            List<String> urls = nodes.startWorkers(workers);
            String jdbcUrl = "jdbc:trough://" + urls.stream().map(url -> url.substring(url.indexOf("//") + 2)).collect(Collectors.joining(",")) + "/" + SCHEMA;

            List<String> losses = new ArrayList<>();
            List<String> stalls = new ArrayList<>();
            try (AcknowledgingWriter writer = new AcknowledgingWriter(jdbcUrl); ReadOutages reads = new ReadOutages(jdbcUrl)) {
                Step step = new Step(writer, reads, jdbcUrl, losses, stalls);
                // The first connection and the segments' creation: slow on a loaded machine, and not what is measured.
                step.awaitAcknowledged("the first writes", 100, Duration.ofSeconds(90));
                step.check("the first writes");

                String writerId = writeLeaseHolder(nodes);
                step.begin("(a) SIGTERM and restart of " + writerId + ", the writer of " + WATCHED);
                nodes.stop(writerId);
                nodes.restartWorker(writerId);
                step.end();

                Lease master = nodes.registry.leases().current(LeaseName.LEADER).orElseThrow();
                step.begin("(c) SIGKILL of the sync master " + master.holder());
                nodes.kill(master.holder());
                String standby = master.holder().equals("s1") ? "s2" : "s1";
                NodeProcesses.awaitTrue(standby + " to become master", Duration.ofSeconds(20), () -> nodes.registry.leases().current(LeaseName.LEADER)
                        .filter(lease -> lease.holder().equals(standby) && lease.liveAt(nodes.registry.now())).isPresent());
                step.end();

                writerId = writeLeaseHolder(nodes);
                step.begin("(b) SIGKILL of " + writerId + ", the writer of " + WATCHED + ", its data directory deleted, a fresh " + writerId + " started");
                nodes.kill(writerId);
                nodes.deleteDataDir(writerId);
                nodes.restartWorker(writerId);
                step.end();

                writer.close();
                step.check("the end, with the writer stopped");
                assertAll(
                        () -> assertTrue(losses.isEmpty(), "acknowledged keys were lost:\n" + String.join("\n", losses)
                                + "\n" + writer.summary() + "\nlogs under " + dir),
                        () -> assertTrue(stalls.isEmpty(), String.join("\n", stalls) + "\n" + writer.summary()),
                        () -> reads.assertNoOutageLongerThan(READ_OUTAGE_BOUND));
            }
        }
    }

    /** The worker holding the watched segment's write lease now. */
    private static String writeLeaseHolder(NodeProcesses nodes) {
        return nodes.registry.leases().current(LeaseName.write(SegmentId.of(WATCHED)))
                .filter(lease -> lease.liveAt(nodes.registry.now())).map(Lease::holder)
                .orElseThrow(() -> new AssertionError("nobody holds the write lease of " + WATCHED + " while it is being written"));
    }

    /** One fault after another: names each, waits for writes to go on after it, then looks for every acknowledged key. */
    private static final class Step {
        private final AcknowledgingWriter writer;
        private final ReadOutages reads;
        private final String jdbcUrl;
        private final List<String> losses;
        private final List<String> stalls;
        private String name;

        Step(AcknowledgingWriter writer, ReadOutages reads, String jdbcUrl, List<String> losses, List<String> stalls) {
            this.writer = writer;
            this.reads = reads;
            this.jdbcUrl = jdbcUrl;
            this.losses = losses;
            this.stalls = stalls;
        }

        void begin(String name) {
            this.name = name;
            reads.nowDuring(name);
        }

        /** After the fault: writes must be acknowledged again, and nothing acknowledged before may be missing. */
        void end() throws InterruptedException {
            awaitAcknowledged(name, writer.acknowledgedCount() + 50, WRITES_RESUME_WITHIN);
            check(name);
        }

        void awaitAcknowledged(String after, int count, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (writer.acknowledgedCount() < count && System.nanoTime() < deadline) Thread.sleep(100);
            if (writer.acknowledgedCount() < count) {
                stalls.add("after " + after + ": writes were not acknowledged again within " + within + " (" + writer.acknowledgedCount()
                        + " of " + count + " keys); last error: " + writer.lastError());
            }
        }

        /**
         * Reads every key through JDBC and records which acknowledged ones are missing. Keys missing from one read
         * are looked for again for a few seconds (a read may have reached a copy that a new writer's first
         * answer had not reached yet); a lost key stays missing.
         */
        void check(String after) throws InterruptedException {
            NavigableMap<Long, String> acknowledged = writer.acknowledged();
            long deadline = System.nanoTime() + MISSING_KEYS_LOOKED_FOR.toNanos();
            Map<String, List<Long>> missing = missingKeys(acknowledged, after);
            while (missing != null && !missing.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                missing = missingKeys(acknowledged, after);
            }
            if (missing == null || missing.isEmpty()) return;
            int lost = missing.values().stream().mapToInt(List::size).sum();
            StringBuilder text = new StringBuilder("after " + after + ": " + lost + " of " + acknowledged.size()
                    + " acknowledged keys are missing (for " + MISSING_KEYS_LOOKED_FOR.toSeconds() + " s)");
            missing.forEach((segment, keys) -> text.append("; ").append(segment).append(": ").append(keys.size()).append(" missing, e.g. ")
                    .append(keys.subList(0, Math.min(5, keys.size()))));
            losses.add(text.toString());
        }

        /** The acknowledged keys a read of the whole table does not find, by segment; null when the table could not be read. */
        private Map<String, List<Long>> missingKeys(NavigableMap<Long, String> acknowledged, String after) throws InterruptedException {
            Set<Long> found = readAllKeys(after);
            System.out.printf("%s after %s: %d keys acknowledged, %s found%n", Instant.now(), after, acknowledged.size(),
                    found == null ? "none" : found.size());
            if (found == null) return null;
            Map<String, List<Long>> missing = new TreeMap<>();
            acknowledged.forEach((key, segment) -> {
                if (!found.contains(key)) missing.computeIfAbsent(segment, s -> new ArrayList<>()).add(key);
            });
            return missing;
        }

        /** Every key in the table, retried while the query fails for up to the read outage bound; null when it never answered. */
        private Set<Long> readAllKeys(String after) throws InterruptedException {
            long deadline = System.nanoTime() + READ_OUTAGE_BOUND.toNanos();
            while (true) {
                try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT k FROM t")) {
                    Set<Long> keys = new TreeSet<>();
                    while (rows.next()) keys.add(rows.getLong(1));
                    return keys;
                } catch (SQLException e) {
                    if (System.nanoTime() > deadline) {
                        losses.add("after " + after + ": SELECT k FROM t still failed after " + READ_OUTAGE_BOUND + ": " + e.getMessage());
                        return null;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    /**
     * Streams small batches of new keys, one segment per batch in turn, through one JDBC connection. A key counts
     * as acknowledged only once its executeBatch returned; a failed batch is not retried (its keys may or may not
     * be there, and either is allowed).
     */
    private static final class AcknowledgingWriter implements AutoCloseable {
        private final String jdbcUrl;
        private final ConcurrentSkipListMap<Long, String> acknowledged = new ConcurrentSkipListMap<>();
        private final AtomicLong failedBatches = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile String lastError = "none";

        AcknowledgingWriter(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            this.thread = new Thread(this::run, "acknowledging-writer");
            thread.start();
        }

        private void run() {
            long next = 1;
            Connection connection = null;
            while (running) {
                String segment = SEGMENTS.get((int) (next / BATCH % SEGMENTS.size()));
                try {
                    if (connection == null) connection = DriverManager.getConnection(jdbcUrl);
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (_segment, k, written_at) VALUES (?, ?, ?)")) {
                        for (long key = next; key < next + BATCH; key++) {
                            insert.setString(1, segment);
                            insert.setLong(2, key);
                            insert.setString(3, Instant.now().toString());
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                    for (long key = next; key < next + BATCH; key++) acknowledged.put(key, segment);
                } catch (SQLException e) {
                    failedBatches.incrementAndGet();
                    lastError = e.getMessage();
                    connection = reopen(connection);
                }
                next += BATCH;
                pause(20);
            }
            reopen(connection);
        }

        /** Drops a connection that may be broken; the next batch opens a fresh one. */
        private static Connection reopen(Connection connection) {
            try {
                if (connection != null) connection.close();
            } catch (SQLException ignored) {
                // it is being replaced anyway
            }
            return null;
        }

        NavigableMap<Long, String> acknowledged() {
            return Collections.unmodifiableNavigableMap(acknowledged.clone());
        }

        int acknowledgedCount() {
            return acknowledged.size();
        }

        String lastError() {
            return lastError;
        }

        String summary() {
            return "writer: " + acknowledged.size() + " keys acknowledged, " + failedBatches.get() + " batches of " + BATCH + " failed (last error: "
                    + lastError + ")";
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(30_000);
        }
    }

    /**
     * Counts the watched segment's rows continuously through one JDBC connection and remembers each stretch of
     * time in which every attempt failed, with the step it began in.
     */
    private static final class ReadOutages implements AutoCloseable {
        private record Outage(String during, Duration length, String error) {}

        private final String jdbcUrl;
        private final List<Outage> outages = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean running = true;
        private volatile String step = "the first writes";
        private Instant failingSince;
        private String failingDuring;
        private String firstError;

        ReadOutages(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            this.thread = new Thread(this::run, "read-outages");
            thread.start();
        }

        void nowDuring(String step) {
            this.step = step;
        }

        private void run() {
            Connection connection = null;
            while (running) {
                try {
                    if (connection == null) connection = DriverManager.getConnection(jdbcUrl);
                    try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM t WHERE _segment = ?")) {
                        count.setString(1, WATCHED);
                        try (ResultSet rows = count.executeQuery()) {
                            rows.next();
                        }
                    }
                    if (failingSince != null) outages.add(new Outage(failingDuring, Duration.between(failingSince, Instant.now()), firstError));
                    failingSince = null;
                } catch (SQLException e) {
                    if (failingSince == null) {
                        failingSince = Instant.now();
                        failingDuring = step;
                        firstError = e.getMessage();
                    }
                    connection = AcknowledgingWriter.reopen(connection);
                }
                pause(50);
            }
            AcknowledgingWriter.reopen(connection);
            if (failingSince != null) outages.add(new Outage(failingDuring + " (still failing at the end)", Duration.between(failingSince, Instant.now()), firstError));
        }

        void assertNoOutageLongerThan(Duration bound) {
            List<Outage> all;
            synchronized (outages) {
                all = List.copyOf(outages);
            }
            Outage longest = all.stream().max((a, b) -> a.length().compareTo(b.length())).orElse(null);
            String every = all.stream().map(o -> o.length().toMillis() + " ms during " + o.during()).collect(Collectors.joining("; "));
            assertTrue(longest == null || longest.length().compareTo(bound) < 0, () -> "reads of " + WATCHED + " failed for "
                    + longest.length().toMillis() + " ms in a row during " + longest.during() + ", more than the " + bound.toMillis()
                    + " ms bound (write lease TTL + heartbeat TTL + slack); first error: " + longest.error() + "; every outage: " + every);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(30_000);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
