package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;
import trough.sync.storage.MiniHdfs;
import trough.sync.storage.SegmentStorage;

/** Promotion to a real in-process HDFS: snapshot, upload, rename, registry, while writes go on. */
class PromotionTest {
    private static final String DDL = "CREATE TABLE events (n INTEGER PRIMARY KEY, payload TEXT)";

    @TempDir
    Path dir;

    @Test
    void promotionPublishesANewGenerationWithItsChecksumAndDeletesTheOldCopy() throws Exception {
        URI storageUri = MiniHdfs.freshDirectory("promote");
        try (TestWorker worker = TestWorker.start(dir, config -> config.withStorage(storageUri));
             SegmentStorage storage = SegmentStorage.open(storageUri, MiniHdfs.configuration())) {
            worker.segments("events", DDL, "e-1");
            worker.write("e-1", "INSERT INTO events (payload) VALUES ('a'), ('b')");

            TestWorker.Answer first = worker.post("/v1/segments/e-1/promote", "", "application/json");
            assertEquals(200, first.status(), first.toString());
            assertEquals(1, first.json().get("generation").asLong());
            SegmentRecord one = worker.registry.segment(SegmentId.of("e-1")).orElseThrow();
            assertEquals(1, one.generation());
            assertEquals(first.json().get("checksum").asText(), one.checksum());
            assertEquals(2, rows(download(storage, one)));

            worker.write("e-1", "INSERT INTO events (payload) VALUES ('c')");
            TestWorker.Answer second = worker.post("/promote", "{\"segment\": \"e-1\"}", "application/json");
            assertEquals(200, second.status(), second.toString());
            SegmentRecord two = worker.registry.segment(SegmentId.of("e-1")).orElseThrow();
            assertEquals(2, two.generation());
            assertEquals(3, rows(download(storage, two)));
            assertFalse(storage.exists(one.remotePath()), "the older copy is deleted once the new one is recorded");
            assertEquals(3, worker.count("e-1", "events"), "the writer goes on serving its own file");
        }
    }

    @Test
    void promotionUnderConcurrentWritesLosesNoAcknowledgedWrite() throws Exception {
        URI storageUri = MiniHdfs.freshDirectory("promote-busy");
        try (TestWorker worker = TestWorker.start(dir, config -> config.withStorage(storageUri));
             SegmentStorage storage = SegmentStorage.open(storageUri, MiniHdfs.configuration())) {
            worker.segments("events", DDL, "busy");
            AtomicLong acknowledged = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    TestWorker.Answer answer = worker.post("/v1/segments/busy/write", "INSERT INTO events (payload) VALUES (hex(randomblob(64)))", "application/sql");
                    if (answer.status() != 200) throw new AssertionError(answer.toString());
                    acknowledged.incrementAndGet();
                }
            });
            writer.start();
            List<long[]> promotions = new ArrayList<>(); // acknowledged before it began, rows in the copy
            for (int i = 0; i < 5; i++) {
                Thread.sleep(100);
                long before = acknowledged.get();
                TestWorker.Answer answer = worker.post("/v1/segments/busy/promote", "", "application/json");
                assertEquals(200, answer.status(), answer.toString());
                SegmentRecord record = worker.registry.segment(SegmentId.of("busy")).orElseThrow();
                promotions.add(new long[] {before, rows(download(storage, record)), acknowledged.get()});
            }
            stop.set(true);
            writer.join();
            for (long[] promotion : promotions) {
                assertTrue(promotion[1] >= promotion[0], "a copy holds every write acknowledged before its promotion began: " + promotion[1] + " < " + promotion[0]);
                assertTrue(promotion[1] <= promotion[2], "and nothing that was not written");
            }
            assertTrue(promotions.get(4)[0] > promotions.get(0)[0], "writes went on during promotions");
            TestWorker.Answer last = worker.post("/v1/segments/busy/promote", "", "application/json");
            assertEquals(200, last.status(), last.toString());
            SegmentRecord record = worker.registry.segment(SegmentId.of("busy")).orElseThrow();
            assertEquals(acknowledged.get(), rows(download(storage, record)), "the final copy holds every acknowledged write");
            assertEquals(6, record.generation());
        }
    }

    @Test
    void aFileStorageWorksTheSameWay() throws Exception {
        URI storageUri = dir.resolve("durable").toUri();
        try (TestWorker worker = TestWorker.start(dir, config -> config.withStorage(storageUri));
             SegmentStorage storage = SegmentStorage.open(storageUri, new Configuration())) {
            worker.segments("events", DDL, "f-1");
            worker.write("f-1", "INSERT INTO events (payload) VALUES ('x')");
            assertEquals(200, worker.post("/v1/segments/f-1/promote", "", "application/json").status());
            SegmentRecord record = worker.registry.segment(SegmentId.of("f-1")).orElseThrow();
            assertTrue(Files.exists(dir.resolve("durable").resolve(record.remotePath())));
            assertEquals(1, rows(download(storage, record)));
        }
    }

    @Test
    void periodicPromotionPublishesWhatWasWrittenSinceAndNothingElse() throws Exception {
        URI storageUri = dir.resolve("durable").toUri();
        try (TestWorker worker = TestWorker.start(dir, config -> config.withStorage(storageUri)
                .withMembership(config.membership().withPromoteEvery(Duration.ofMillis(200))));
             SegmentStorage storage = SegmentStorage.open(storageUri, new Configuration())) {
            worker.segments("events", DDL, "p-1", "idle");
            worker.write("p-1", "INSERT INTO events (payload) VALUES ('x')");
            SegmentRecord first = awaitGeneration(worker, "p-1", 1);
            assertEquals(1, rows(download(storage, first)));
            worker.write("p-1", "INSERT INTO events (payload) VALUES ('y')");
            SegmentRecord second = awaitGeneration(worker, "p-1", 2);
            assertEquals(2, rows(download(storage, second)));
            Thread.sleep(800);
            assertEquals(2, worker.registry.segment(SegmentId.of("p-1")).orElseThrow().generation(), "nothing written, nothing promoted");
            assertEquals(0, worker.registry.segment(SegmentId.of("idle")).orElseThrow().generation(), "a segment never written is left alone");
        }
    }

    private static SegmentRecord awaitGeneration(TestWorker worker, String segment, long generation) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            SegmentRecord record = worker.registry.segment(SegmentId.of(segment)).orElseThrow();
            if (record.generation() >= generation) return record;
            if (System.nanoTime() > deadline) throw new AssertionError(segment + " still at generation " + record.generation());
            Thread.sleep(50);
        }
    }

    private Path download(SegmentStorage storage, SegmentRecord record) throws IOException {
        Path target = dir.resolve("check-" + record.generation() + "-" + System.nanoTime() + ".sqlite");
        storage.download(record, target);
        return target;
    }

    private static long rows(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM events")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
