package trough.worker.write;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import trough.core.segment.SegmentId;
import trough.core.sqlite.DatabaseFiles;
import trough.sync.log.CopyPosition;
import trough.sync.log.LogRecord;
import trough.sync.log.SegmentSnapshot;
import trough.sync.log.WalCommits;
import trough.sync.log.WalFile;
import trough.sync.log.WalPosition;
import trough.sync.storage.SegmentLog;

/**
 * Makes what a segment's writer committed durable beyond this machine before it is acknowledged: the WAL
 * frames of each commit become the next record of the segment's change log in durable storage. A copy with no
 * known position (just created, or from an older Trough) ships a whole image first. Called only with the
 * segment's writer connection held, so nothing commits in between.
 *
 * <p>The writer's own commit reaches its disk here too: with replicated durability the writer connection
 * leaves the fsync at commit to its caller ({@link trough.core.sqlite.SqliteConnections#openReadWriteSyncedByCaller}),
 * and the WAL is forced while the records are written and synced on another thread. A {@link Shipment} takes
 * each commit's frames as soon as it is made and writes their record behind the caller's next transaction,
 * so several transactions sent at once wait for their records together, not one after the other.
 *
 * <p>With {@code local} durability there is no log: the position still counts commits, so the sync agent can
 * tell that this copy holds writes no promoted copy has.
 */
public final class LogShipper {
    private final SegmentLog log;
    private final Executor appends;

    /** {@code log} null: local durability. Records are written on the calling thread, before the WAL is forced. */
    public LogShipper(SegmentLog log) {
        this(log, Runnable::run);
    }

    /** {@code appends}: where records are written and synced while the calling thread goes on. */
    public LogShipper(SegmentLog log, Executor appends) {
        this.log = log;
        this.appends = appends;
    }

    public boolean replicated() {
        return log != null;
    }

    /** Ships the commits after the copy's position; answers the copy's new position. */
    public CopyPosition ship(SegmentId segment, Path database, long epoch) throws IOException {
        Shipment shipment = begin(segment, database, epoch);
        shipment.committed();
        return shipment.finish();
    }

    /** Starts shipping the commits the writer makes from now on, from the copy's position. */
    public Shipment begin(SegmentId segment, Path database, long epoch) throws IOException {
        return new Shipment(segment, database, epoch, CopyPosition.of(database));
    }

    /** Whether the copy holds commits its position does not cover: written here but never acknowledged. */
    public static boolean hasUnshipped(Path database, CopyPosition position) throws IOException {
        return !WalFile.committedAfter(DatabaseFiles.wal(database), position.wal()).isEmpty();
    }

    /**
     * The records of one writer's turn on a segment, written in order behind it. Its commits count as durable
     * only once {@link #finish} returned.
     */
    public final class Shipment {
        private final SegmentId segment;
        private final Path database;
        private final long epoch;
        private final CopyPosition start;
        /** The last record given out and how far into the WAL it reaches (taken on the writer's thread). */
        private long seq;
        private WalPosition taken;
        private boolean known;
        /** The records written so far, in order; completes with the position the last of them reached. */
        private CompletableFuture<CopyPosition> written;
        /** The position the last record written reached: what the copy may claim even if a later record fails. */
        private volatile CopyPosition reached;

        private Shipment(SegmentId segment, Path database, long epoch, CopyPosition start) {
            this.segment = segment;
            this.database = database;
            this.epoch = epoch;
            this.start = start;
            this.seq = start.seq();
            this.taken = start.wal();
            this.known = start.known();
            this.written = CompletableFuture.completedFuture(start);
        }

        /**
         * Takes what the writer committed since the last call (a whole image when the copy has no position),
         * and has its record written behind the caller; call it after each commit, before the next begins,
         * so that no frame is lost when SQLite starts its WAL over.
         */
        public void committed() throws IOException {
            if (log == null) {
                seq++;
                return;
            }
            LogRecord record;
            WalCommits commits;
            if (!known) {
                Path image = database.resolveSibling(database.getFileName() + ".ship-image");
                try {
                    commits = SegmentSnapshot.take(database, image);
                    record = new LogRecord(log.head(segment) + 1, LogRecord.Kind.IMAGE, commits.pageSize(), epoch, Files.readAllBytes(image));
                } finally {
                    DatabaseFiles.deleteQuietly(image);
                }
                known = true;
            } else {
                commits = WalFile.committedAfter(DatabaseFiles.wal(database), taken);
                if (commits.isEmpty()) return;
                record = new LogRecord(seq + 1, LogRecord.Kind.FRAMES, commits.pageSize(), epoch, commits.frames());
            }
            seq = record.seq();
            taken = commits.end();
            CopyPosition after = new CopyPosition(record.seq(), commits.end());
            written = written.thenApplyAsync(previous -> {
                try {
                    log.append(segment, record);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                reached = after;
                return after;
            }, appends);
        }

        /**
         * Forces the WAL while the records are written, waits for them, and records the copy's position as far
         * as the log holds it (also when a record failed, so the next writer continues after the ones written);
         * answers the position. Throws when any record or the WAL could not be made durable.
         */
        public CopyPosition finish() throws IOException {
            if (log == null) {
                if (seq == start.seq()) return start;
                CopyPosition next = new CopyPosition(seq, null);
                next.writeFor(database);
                return next;
            }
            IOException walFailure = null;
            try {
                forceWal(database);
            } catch (IOException e) {
                walFailure = e;
            }
            CopyPosition last;
            try {
                last = written.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while segment " + segment + "'s log records were written");
            } catch (ExecutionException e) {
                IOException failure = e.getCause() instanceof UncheckedIOException unchecked ? unchecked.getCause()
                        : new IOException(e.getCause().getMessage(), e.getCause());
                if (walFailure != null) failure.addSuppressed(walFailure);
                recordReached();
                throw failure;
            }
            if (walFailure != null) {
                recordReached();
                throw walFailure;
            }
            if (last != start) last.writeFor(database);
            return last;
        }

        private void recordReached() {
            CopyPosition position = reached;
            if (position == null) return;
            try {
                position.writeFor(database);
            } catch (IOException ignored) {
                // the position can lag: the frames are shipped again, and replay idempotently
            }
        }
    }

    /** Puts what the writer committed on this machine's disk: its WAL (there is none once SQLite checkpointed it away). */
    private static void forceWal(Path database) throws IOException {
        try (FileChannel wal = FileChannel.open(DatabaseFiles.wal(database), StandardOpenOption.READ)) {
            wal.force(false);
        } catch (NoSuchFileException e) {
            // every commit is in the database file, which SQLite synced when it checkpointed
        }
    }
}
