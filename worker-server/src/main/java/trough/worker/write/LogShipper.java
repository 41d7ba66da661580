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
import trough.sync.storage.SegmentLog;

/**
 * Makes what a segment's writer committed durable beyond this machine before it is acknowledged: the WAL
 * frames of each commit become the next record of the segment's change log in durable storage. A copy with no
 * known position (just created, or from an older Trough) ships a whole image first. Called only with the
 * segment's writer connection held, so nothing commits in between.
 *
 * <p>The writer's own commit reaches its disk here too: with replicated durability the writer connection
 * leaves the fsync at commit to its caller ({@link trough.core.sqlite.SqliteConnections#openReadWriteSyncedByCaller}),
 * and the WAL is forced while the record is written and synced on another thread, so one acknowledged
 * write waits for two syncs at once instead of one after the other. Either failing leaves the write
 * unacknowledged.
 *
 * <p>With {@code local} durability there is no log: the position still counts commits, so the sync agent can
 * tell that this copy holds writes no promoted copy has.
 */
public final class LogShipper {
    private final SegmentLog log;
    private final Executor appends;

    /** {@code log} null: local durability. Records are written on the calling thread, after the WAL is forced. */
    public LogShipper(SegmentLog log) {
        this(log, Runnable::run);
    }

    /** {@code appends}: where records are written and synced while the calling thread forces the WAL. */
    public LogShipper(SegmentLog log, Executor appends) {
        this.log = log;
        this.appends = appends;
    }

    public boolean replicated() {
        return log != null;
    }

    /** Ships the commits after the copy's position; answers the copy's new position. */
    public CopyPosition ship(SegmentId segment, Path database, long epoch) throws IOException {
        CopyPosition at = CopyPosition.of(database);
        if (log == null) {
            CopyPosition next = new CopyPosition(at.seq() + 1, null);
            next.writeFor(database);
            return next;
        }
        LogRecord record;
        WalCommits commits;
        if (!at.known()) {
            Path image = database.resolveSibling(database.getFileName() + ".ship-image");
            try {
                commits = SegmentSnapshot.take(database, image);
                record = new LogRecord(log.head(segment) + 1, LogRecord.Kind.IMAGE, commits.pageSize(), epoch, Files.readAllBytes(image));
            } finally {
                DatabaseFiles.deleteQuietly(image);
            }
        } else {
            commits = WalFile.committedAfter(DatabaseFiles.wal(database), at.wal());
            if (commits.isEmpty()) return at;
            record = new LogRecord(at.seq() + 1, LogRecord.Kind.FRAMES, commits.pageSize(), epoch, commits.frames());
        }
        appendWhileForcingWal(segment, record, database);
        CopyPosition next = new CopyPosition(record.seq(), commits.end());
        next.writeFor(database);
        return next;
    }

    private void appendWhileForcingWal(SegmentId segment, LogRecord record, Path database) throws IOException {
        CompletableFuture<Void> appended = CompletableFuture.runAsync(() -> {
            try {
                log.append(segment, record);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, appends);
        IOException walFailure = null;
        try {
            forceWal(database);
        } catch (IOException e) {
            walFailure = e;
        }
        try {
            appended.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while segment " + segment + "'s log record " + record.seq() + " was written");
        } catch (ExecutionException e) {
            IOException failure = e.getCause() instanceof UncheckedIOException unchecked ? unchecked.getCause()
                    : new IOException(e.getCause().getMessage(), e.getCause());
            if (walFailure != null) failure.addSuppressed(walFailure);
            throw failure;
        }
        if (walFailure != null) throw walFailure;
    }

    /** Puts what the writer committed on this machine's disk: its WAL (there is none once SQLite checkpointed it away). */
    private static void forceWal(Path database) throws IOException {
        try (FileChannel wal = FileChannel.open(DatabaseFiles.wal(database), StandardOpenOption.READ)) {
            wal.force(false);
        } catch (NoSuchFileException e) {
            // every commit is in the database file, which SQLite synced when it checkpointed
        }
    }

    /** Whether the copy holds commits its position does not cover: written here but never acknowledged. */
    public static boolean hasUnshipped(Path database, CopyPosition position) throws IOException {
        return !WalFile.committedAfter(DatabaseFiles.wal(database), position.wal()).isEmpty();
    }
}
