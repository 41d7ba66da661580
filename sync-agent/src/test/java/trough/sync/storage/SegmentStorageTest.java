package trough.sync.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;
import trough.sync.log.LogRecord;

/** The same behaviour on a real in-process HDFS and on the local file system. */
class SegmentStorageTest {
    private static final SegmentId SEGMENT = SegmentId.of("crawl-7");

    @TempDir
    Path dir;

    static Stream<Arguments> storages() {
        return Stream.of(Arguments.of("hdfs"), Arguments.of("file"));
    }

    private SegmentStorage open(String kind) throws IOException {
        if (kind.equals("hdfs")) return SegmentStorage.open(MiniHdfs.freshDirectory("storage"), MiniHdfs.configuration());
        return SegmentStorage.open(dir.resolve("durable").toUri(), new Configuration());
    }

    @ParameterizedTest
    @MethodSource("storages")
    void uploadsUnderATemporaryNameThenDownloadsTheSameBytes(String kind) throws Exception {
        byte[] bytes = randomBytes(300_000);
        Path local = Files.write(dir.resolve("local.sqlite"), bytes);
        try (SegmentStorage storage = open(kind)) {
            StoredCopy copy = storage.upload(SEGMENT, 3, 0, local);
            assertEquals("segments/crawl-7@3+0.sqlite", copy.remotePath());
            assertEquals(bytes.length, copy.sizeBytes());
            assertEquals("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), copy.checksum());
            FileStatus[] leftovers = storage.fileSystem().listStatus(storage.path("tmp"));
            assertEquals(0, leftovers.length, "nothing left under tmp/: " + Arrays.toString(leftovers));

            Path target = dir.resolve("served.sqlite");
            storage.download(record(copy), target);
            assertArrayEquals(bytes, Files.readAllBytes(target));
            assertNoDownloadLeftovers();
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void aCorruptedCopyIsNeverSwappedIn(String kind) throws Exception {
        Path local = Files.write(dir.resolve("local.sqlite"), randomBytes(100_000));
        byte[] served = "the generation being served".getBytes();
        Path target = Files.write(dir.resolve("served.sqlite"), served);
        try (SegmentStorage storage = open(kind)) {
            StoredCopy copy = storage.upload(SEGMENT, 1, 0, local);
            byte[] corrupted = Files.readAllBytes(local);
            corrupted[50_000] ^= 0x01;
            overwrite(storage, copy.remotePath(), corrupted);

            CorruptCopyException error = assertThrows(CorruptCopyException.class, () -> storage.download(record(copy), target));
            assertTrue(error.getMessage().contains("segment crawl-7") && error.getMessage().contains(copy.checksum())
                    && error.getMessage().contains("discarded"), error.getMessage());
            assertArrayEquals(served, Files.readAllBytes(target), "the served file is untouched");
            assertNoDownloadLeftovers();
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void aTruncatedCopyIsNeverSwappedIn(String kind) throws Exception {
        byte[] bytes = randomBytes(100_000);
        Path local = Files.write(dir.resolve("local.sqlite"), bytes);
        Path target = dir.resolve("served.sqlite");
        try (SegmentStorage storage = open(kind)) {
            StoredCopy copy = storage.upload(SEGMENT, 1, 0, local);
            overwrite(storage, copy.remotePath(), Arrays.copyOf(bytes, 60_000));
            CorruptCopyException error = assertThrows(CorruptCopyException.class, () -> storage.download(record(copy), target));
            assertTrue(error.getMessage().contains("60000 bytes"), error.getMessage());
            assertFalse(Files.exists(target));
            assertNoDownloadLeftovers();
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void refusesToDownloadWhatWasNeverPromotedAndDeletesCopies(String kind) throws Exception {
        try (SegmentStorage storage = open(kind)) {
            IOException error = assertThrows(IOException.class,
                    () -> storage.download(SegmentRecord.local(SEGMENT, "logs", 0), dir.resolve("x.sqlite")));
            assertEquals("segment crawl-7 was never promoted: durable storage holds no copy of it yet", error.getMessage());
            StoredCopy copy = storage.upload(SEGMENT, 2, 0, Files.write(dir.resolve("local.sqlite"), randomBytes(10)));
            assertTrue(storage.exists(copy.remotePath()));
            assertTrue(storage.delete(copy.remotePath()));
            assertFalse(storage.exists(copy.remotePath()));
            assertFalse(storage.delete(copy.remotePath()));
        }
    }

    @ParameterizedTest
    @MethodSource("storages")
    void theChangeLogAppendsOnceInOrderAndPromotionTruncatesIt(String kind) throws Exception {
        try (SegmentStorage storage = open(kind)) {
            SegmentLog log = storage.log();
            assertEquals(0, log.head(SEGMENT));
            for (long seq = 1; seq <= 4; seq++) log.append(SEGMENT, new LogRecord(seq, LogRecord.Kind.FRAMES, 4096, 7, randomBytes((int) seq * 10)));
            assertThrows(LogConflictException.class, () -> log.append(SEGMENT, new LogRecord(3, LogRecord.Kind.FRAMES, 4096, 8, randomBytes(5))),
                    "a second writer cannot append a record that exists");
            assertEquals(4, log.head(SEGMENT));
            assertEquals(List.of(3L, 4L), log.after(SEGMENT, 2).stream().map(LogRecord::seq).toList());
            assertArrayEquals(randomBytes(30), log.after(SEGMENT, 2).get(0).payload(), "the first writer's record stands");
            log.truncateBefore(SEGMENT, 3);
            LogGapException gap = assertThrows(LogGapException.class, () -> log.after(SEGMENT, 0));
            assertTrue(gap.getMessage().contains("no record 1 (the next is 3)"), gap.getMessage());
            assertEquals(List.of(4L), log.after(SEGMENT, 3).stream().map(LogRecord::seq).toList(), "a copy holding record 3 replays from 4");
            log.truncateBefore(SEGMENT, 4);
            assertEquals(4, log.head(SEGMENT), "the record a promoted copy holds stays: numbering goes on after it");
            log.deleteAll(SEGMENT);
            assertEquals(0, log.head(SEGMENT));
        }
    }

    /**
     * Writers racing for the same record numbers, as an old writer and the one taking over may: one wins each
     * number, with its bytes whole. Records of a megabyte take long enough to write that a loser would see the
     * winner's half written if records appeared before they were whole (and it once replaced them as torn).
     */
    @ParameterizedTest
    @MethodSource("storages")
    void writersRacingForOneRecordNumberLeaveOneWinnerAndItsBytes(String kind) throws Exception {
        try (SegmentStorage storage = open(kind)) {
            SegmentLog log = storage.log();
            int writers = 6;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            try {
                for (long seq = 1; seq <= 4; seq++) {
                    long number = seq;
                    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
                    List<java.util.concurrent.Future<Boolean>> outcomes = new java.util.ArrayList<>();
                    for (int w = 0; w < writers; w++) {
                        long epoch = w + 1;
                        outcomes.add(pool.submit(() -> {
                            start.await();
                            try {
                                log.append(SEGMENT, new LogRecord(number, LogRecord.Kind.FRAMES, 4096, epoch, randomBytes(1_000_000 + (int) epoch)));
                                return true;
                            } catch (LogConflictException e) {
                                return false;
                            }
                        }));
                    }
                    List<Long> winners = new java.util.ArrayList<>();
                    for (int w = 0; w < writers; w++) if (outcomes.get(w).get()) winners.add(w + 1L);
                    assertEquals(1, winners.size(), "exactly one writer appends record " + number + ": " + winners);
                    LogRecord stored = log.after(SEGMENT, number - 1).get(0);
                    assertEquals(winners.get(0), stored.epoch());
                    assertArrayEquals(randomBytes(1_000_000 + winners.get(0).intValue()), stored.payload(), "the winner's bytes, whole");
                }
            } finally {
                pool.shutdownNow();
            }
            if (kind.equals("file")) {
                try (var files = java.nio.file.Files.list(java.nio.file.Path.of(storage.path("logs/" + SEGMENT.value()).toUri()))) {
                    assertEquals(List.of("0000000000000000001.log", "0000000000000000002.log", "0000000000000000003.log", "0000000000000000004.log"),
                            files.map(f -> f.getFileName().toString()).sorted().toList(), "the record files and nothing beside them (no .crc, no temporary)");
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aRecordLeftUnderItsTemporaryNameByACrashIsSweptWhenTheLogIsTruncated() throws Exception {
        try (SegmentStorage storage = open("file")) {
            SegmentLog log = storage.log();
            for (long seq = 1; seq <= 3; seq++) log.append(SEGMENT, new LogRecord(seq, LogRecord.Kind.FRAMES, 4096, 1, randomBytes(10)));
            Path directory = Path.of(storage.path("logs/" + SEGMENT.value()).toUri());
            Path crashed = Files.write(directory.resolve("0000000000000000004.log.crashed.tmp"), randomBytes(7));
            Files.setLastModifiedTime(crashed, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7_200_000));
            Path writing = Files.write(directory.resolve("0000000000000000004.log.writing.tmp"), randomBytes(7));
            log.truncateBefore(SEGMENT, 3);
            try (var files = Files.list(directory)) {
                assertEquals(List.of("0000000000000000003.log", "0000000000000000004.log.writing.tmp"),
                        files.map(f -> f.getFileName().toString()).sorted().toList(), "the old leftover is gone; one being written now stays");
            }
            assertEquals(3, log.head(SEGMENT));
        }
    }

    @org.junit.jupiter.api.Test
    void aCopyPromotedToALocalFileSystemIsWrittenByTheJdkWithNothingBesideIt() throws Exception {
        byte[] bytes = randomBytes(200_000);
        Path local = Files.write(dir.resolve("promoted.sqlite"), bytes);
        try (SegmentStorage storage = open("file")) {
            StoredCopy first = storage.upload(SEGMENT, 4, 2, local);
            // An earlier attempt at the same generation is replaced whole.
            StoredCopy again = storage.upload(SEGMENT, 4, 2, local);
            assertEquals(first, again);
            Path segments = Path.of(storage.path("segments").toUri());
            try (Stream<Path> files = Files.list(segments)) {
                assertEquals(List.of("crawl-7@4+2.sqlite"), files.map(file -> file.getFileName().toString()).toList(),
                        "the copy and nothing beside it (Hadoop's local file system would leave a .crc)");
            }
            assertArrayEquals(bytes, Files.readAllBytes(segments.resolve("crawl-7@4+2.sqlite")));
            try (Stream<Path> files = Files.list(Path.of(storage.path("tmp").toUri()))) {
                assertEquals(0, files.count(), "nothing left under tmp/");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aStorageUriNeedsAScheme() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> SegmentStorage.open(URI.create("/var/trough"), new Configuration()));
        assertTrue(error.getMessage().contains("hdfs://host:port/path or file:///path"), error.getMessage());
    }

    private void assertNoDownloadLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.filter(file -> file.getFileName().toString().endsWith(".download")).count());
        }
    }

    private static void overwrite(SegmentStorage storage, String remotePath, byte[] bytes) throws IOException {
        try (OutputStream out = storage.fileSystem().create(storage.path(remotePath), true)) {
            out.write(bytes);
        }
    }

    private static SegmentRecord record(StoredCopy copy) {
        return new SegmentRecord(SEGMENT, "logs", 1, copy.sizeBytes(), copy.checksum(), copy.remotePath());
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
