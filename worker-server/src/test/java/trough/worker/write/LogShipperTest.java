package trough.worker.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqliteConnections;
import trough.sync.log.CopyPosition;
import trough.sync.log.LogRecord;
import trough.sync.log.SegmentSnapshot;
import trough.sync.storage.LogConflictException;
import trough.sync.storage.LogGapException;
import trough.sync.storage.SegmentRestore;
import trough.sync.storage.SegmentStorage;
import trough.sync.storage.StoredCopy;

/**
 * The change log against SQLite itself: a segment written by many transactions of every kind (random values,
 * large rows that spill pages before commit, deletes, rollbacks, checkpoints, a reopened connection) and
 * shipped after each commit is rebuilt from storage alone byte for byte, from its first image or from a
 * promoted copy plus the records after it.
 */
class LogShipperTest {
    private static final SegmentId SEGMENT = SegmentId.of("logged");

    @TempDir
    Path dir;

    @Test
    void replayingTheLogRebuildsTheWriterCopyByteForByte() throws Exception {
        try (SegmentStorage storage = SegmentStorage.open(dir.resolve("durable").toUri(), new Configuration())) {
            LogShipper shipper = new LogShipper(storage.log());
            Path database = dir.resolve("logged.sqlite");
            Random random = new Random(42);
            SegmentRecord promoted = null;
            Connection writer = open(database);
            try (Statement create = writer.createStatement()) {
                create.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT, r REAL, b BLOB)");
            }
            writer.commit();
            assertEquals(LogRecord.Kind.IMAGE, logKindOfNext(storage, shipper, database));
            for (int txn = 1; txn <= 120; txn++) {
                try (Statement statement = writer.createStatement()) {
                    int kind = random.nextInt(10);
                    if (kind == 0) {
                        statement.execute("INSERT INTO t (v, b) VALUES ('spill', randomblob(" + (200_000 + random.nextInt(300_000)) + "))");
                    } else if (kind == 1) {
                        statement.execute("DELETE FROM t WHERE k % 7 = " + random.nextInt(7));
                    } else if (kind == 2) {
                        statement.execute("INSERT INTO t (v) VALUES ('rolled back')");
                        writer.rollback();
                        continue;
                    } else {
                        statement.execute("INSERT INTO t (v, r, b) SELECT hex(randomblob(16)), random() / 7.0, randomblob(64) FROM "
                                + "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + (1 + random.nextInt(50)) + ") SELECT i FROM n)");
                    }
                }
                writer.commit();
                shipper.ship(SEGMENT, database, 1);
                if (txn % 25 == 0) {
                    writer.commit();
                    writer.setAutoCommit(true);
                    try (Statement checkpoint = writer.createStatement()) {
                        checkpoint.execute("PRAGMA wal_checkpoint(" + (txn % 50 == 0 ? "TRUNCATE" : "PASSIVE") + ")");
                    }
                    writer.setAutoCommit(false);
                }
                if (txn == 60) {
                    writer.close(); // the last connection: SQLite checkpoints and removes the WAL
                    writer = open(database);
                }
                if (txn == 79) {
                    Path fromImage = dir.resolve("from-image.sqlite");
                    new SegmentRestore(storage).restore(SegmentRecord.local(SEGMENT, "s", 0), fromImage, () -> null);
                    assertArrayEquals(snapshotBytes(database), Files.readAllBytes(fromImage), "first image + log = the writer's file");
                }
                if (txn == 80) promoted = promote(storage, shipper, database, 2);
            }
            writer.close();

            Path fromPromoted = dir.resolve("from-promoted.sqlite");
            CopyPosition reached = new SegmentRestore(storage).restore(promoted, fromPromoted, () -> null);
            assertEquals(CopyPosition.of(database).seq(), reached.seq());
            assertArrayEquals(snapshotBytes(database), Files.readAllBytes(fromPromoted), "promoted copy + log = the writer's file");
            assertEquals(digest(database), digest(fromPromoted));
            assertThrows(LogGapException.class, () -> storage.log().after(SEGMENT, 0), "the promotion deleted the records its copy holds");
        }
    }

    /**
     * Commits made while a record is being written become one record together, and the group still replays
     * byte for byte, even when SQLite started its WAL over between two of them (frames of two WAL cycles).
     */
    @Test
    void commitsMadeWhileARecordIsWrittenBecomeOneRecordThatReplaysByteForByte() throws Exception {
        try (SegmentStorage storage = SegmentStorage.open(dir.resolve("durable").toUri(), new Configuration())) {
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.ExecutorService appends = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                // The appender waits until the test has made every commit: all of them are pending by then.
                LogShipper shipper = new LogShipper(storage.log(), task -> appends.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    task.run();
                }));
                Path database = dir.resolve("logged.sqlite");
                Connection writer = SqliteConnections.openReadWriteSyncedByCaller(database);
                writer.setAutoCommit(false);
                try (Statement create = writer.createStatement()) {
                    create.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT, r REAL, b BLOB)");
                }
                writer.commit();
                shipper.ship(SEGMENT, database, 1); // the first image
                long imageSeq = CopyPosition.of(database).seq();

                LogShipper.Shipment shipment = shipper.begin(SEGMENT, database, 1);
                for (int txn = 1; txn <= 6; txn++) {
                    try (Statement statement = writer.createStatement()) {
                        statement.execute("INSERT INTO t (v, r, b) SELECT hex(randomblob(16)), random() / 7.0, randomblob(3000) FROM "
                                + "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) SELECT i FROM n)");
                    }
                    writer.commit();
                    shipment.committed();
                    if (txn == 3) {
                        writer.setAutoCommit(true);
                        try (Statement checkpoint = writer.createStatement()) {
                            checkpoint.execute("PRAGMA wal_checkpoint(TRUNCATE)"); // the next commit starts the WAL over
                        }
                        writer.setAutoCommit(false);
                    }
                }
                release.countDown();
                CopyPosition reached = shipment.finish();
                writer.close();

                List<LogRecord> records = storage.log().after(SEGMENT, imageSeq);
                assertEquals(1, records.size(), "the six commits made while the appender waited, in one record");
                assertEquals(imageSeq + 1, reached.seq());
                assertEquals(reached, CopyPosition.of(database), "the position reached is recorded beside the copy");
                Path rebuilt = dir.resolve("rebuilt.sqlite");
                new SegmentRestore(storage).restore(SegmentRecord.local(SEGMENT, "s", 0), rebuilt, () -> null);
                assertArrayEquals(snapshotBytes(database), Files.readAllBytes(rebuilt), "image + grouped records = the writer's file");
            } finally {
                appends.shutdownNow();
            }
        }
    }

    @Test
    void aSecondWriterCannotAppendTheSameRecord() throws Exception {
        try (SegmentStorage storage = SegmentStorage.open(dir.resolve("durable").toUri(), new Configuration())) {
            storage.log().append(SEGMENT, new LogRecord(1, LogRecord.Kind.IMAGE, 4096, 1, new byte[] {1}));
            assertThrows(LogConflictException.class, () -> storage.log().append(SEGMENT, new LogRecord(1, LogRecord.Kind.IMAGE, 4096, 2, new byte[] {2})));
            assertArrayEquals(new byte[] {1}, storage.log().after(SEGMENT, 0).get(0).payload(), "the first record stands");
        }
    }

    @Test
    void aTornLastRecordWasNeverAcknowledgedAndIsLeftOut() throws Exception {
        try (SegmentStorage storage = SegmentStorage.open(dir.resolve("durable").toUri(), new Configuration())) {
            storage.log().append(SEGMENT, new LogRecord(1, LogRecord.Kind.IMAGE, 4096, 1, new byte[] {1, 2, 3}));
            byte[] whole = new LogRecord(2, LogRecord.Kind.IMAGE, 4096, 1, new byte[100]).toBytes();
            Files.write(dir.resolve("durable/logs/logged/0000000000000000002.log"), java.util.Arrays.copyOf(whole, 60));
            assertEquals(1, storage.log().after(SEGMENT, 0).size());
        }
    }

    @Test
    void aTornRecordIsReplacedByItsWriterAndOnlyAnImageMayFollowOneLeftBehind() throws Exception {
        try (SegmentStorage storage = SegmentStorage.open(dir.resolve("durable").toUri(), new Configuration())) {
            storage.log().append(SEGMENT, new LogRecord(1, LogRecord.Kind.IMAGE, 4096, 1, new byte[] {1}));
            Path second = dir.resolve("durable/logs/logged/0000000000000000002.log");
            Files.write(second, java.util.Arrays.copyOf(new LogRecord(2, LogRecord.Kind.FRAMES, 4096, 1, new byte[100]).toBytes(), 60));
            storage.log().append(SEGMENT, new LogRecord(2, LogRecord.Kind.FRAMES, 4096, 1, new byte[] {2}));
            assertArrayEquals(new byte[] {2}, storage.log().after(SEGMENT, 1).get(0).payload(), "the writer replaced its own torn attempt");
            storage.log().append(SEGMENT, new LogRecord(2, LogRecord.Kind.FRAMES, 4096, 1, new byte[] {2})); // the same record again: stored already

            Files.write(second, new byte[] {9, 9});
            storage.log().append(SEGMENT, new LogRecord(3, LogRecord.Kind.FRAMES, 4096, 1, new byte[] {3}));
            java.io.IOException damage = assertThrows(java.io.IOException.class, () -> storage.log().after(SEGMENT, 0));
            assertTrue(damage.getMessage().contains("is torn, and records after it build on it"), damage.getMessage());
            storage.log().append(SEGMENT, new LogRecord(4, LogRecord.Kind.IMAGE, 4096, 1, new byte[] {4}));
            assertEquals(java.util.List.of(4L), storage.log().after(SEGMENT, 0).stream().map(LogRecord::seq).toList(), "an image replaces all before it");
        }
    }

    private static LogRecord.Kind logKindOfNext(SegmentStorage storage, LogShipper shipper, Path database) throws Exception {
        CopyPosition position = shipper.ship(SEGMENT, database, 1);
        return storage.log().after(SEGMENT, position.seq() - 1).get(0).kind();
    }

    /** What the Promoter does: a snapshot at the shipped position, uploaded, and the records it holds deleted. */
    private SegmentRecord promote(SegmentStorage storage, LogShipper shipper, Path database, long generation) throws Exception {
        Path snapshot = dir.resolve("snapshot.sqlite");
        long seq = shipper.ship(SEGMENT, database, 1).seq();
        SegmentSnapshot.take(database, snapshot);
        StoredCopy copy = storage.upload(SEGMENT, generation, seq, snapshot);
        storage.log().truncateBefore(SEGMENT, seq);
        return new SegmentRecord(SEGMENT, "s", generation, copy.sizeBytes(), copy.checksum(), copy.remotePath());
    }

    private byte[] snapshotBytes(Path database) throws Exception {
        Path copy = dir.resolve("compare.sqlite");
        SegmentSnapshot.take(database, copy);
        return Files.readAllBytes(copy);
    }

    private static Connection open(Path database) throws SQLException {
        Connection connection = SqliteConnections.openReadWrite(database);
        connection.setAutoCommit(false);
        return connection;
    }

    private static String digest(Path database) throws SQLException {
        try (Connection connection = SqliteConnections.openReadOnly(database);
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT count(*) || ':' || total(k) || ':' || group_concat(hex(b) || v || ifnull(r, ''), ',') FROM (SELECT * FROM t ORDER BY k)")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
