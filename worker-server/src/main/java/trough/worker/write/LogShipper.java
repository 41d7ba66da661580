package trough.worker.write;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
 * each commit's frames as soon as it is made and writes them behind the caller's next transaction, the
 * commits made while a record is being written together in the next record, so several transactions sent
 * at once wait for their records together, not one after the other.
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
     * The records of one writer's turn on a segment, written in order behind it. While one record is being
     * written, the commits made meanwhile wait together and become the next record (a group commit: one
     * file and one sync for several transactions). Its commits count as durable only once {@link #finish}
     * returned.
     */
    public final class Shipment {
        private final SegmentId segment;
        private final Path database;
        private final long epoch;
        private final CopyPosition start;
        /** How far into the WAL the frames taken so far reach, and whether the log knows the copy at all (writer's thread). */
        private WalPosition taken;
        private boolean known;
        /** Frames taken and not yet in a record, and where they end; guarded by {@code this}. */
        private final List<byte[]> pending = new ArrayList<>();
        private WalPosition pendingEnd;
        private int pageSize;
        private boolean appending;
        /** The last record written and how far it reached: what the copy may claim even if a later record fails. */
        private volatile CopyPosition reached;
        /** The appends so far, in order (replaced on the writer's thread only). */
        private CompletableFuture<Void> written = CompletableFuture.completedFuture(null);

        private Shipment(SegmentId segment, Path database, long epoch, CopyPosition start) {
            this.segment = segment;
            this.database = database;
            this.epoch = epoch;
            this.start = start;
            this.taken = start.wal();
            this.known = start.known();
            this.reached = start;
        }

        /**
         * Takes what the writer committed since the last call (a whole image when the copy has no position),
         * and has it written behind the caller; call it after each commit, before the next begins, so that no
         * frame is lost when SQLite starts its WAL over.
         */
        public void committed() throws IOException {
            if (log == null) {
                reached = new CopyPosition(reached.seq() + 1, null);
                return;
            }
            if (!known) {
                Path image = database.resolveSibling(database.getFileName() + ".ship-image");
                LogRecord record;
                WalCommits commits;
                try {
                    commits = SegmentSnapshot.take(database, image);
                    record = new LogRecord(log.head(segment) + 1, LogRecord.Kind.IMAGE, commits.pageSize(), epoch, Files.readAllBytes(image));
                } finally {
                    DatabaseFiles.deleteQuietly(image);
                }
                log.append(segment, record); // the first record of a copy the log did not know: nothing is pending yet
                known = true;
                taken = commits.end();
                reached = new CopyPosition(record.seq(), commits.end());
                return;
            }
            WalCommits commits = WalFile.committedAfter(DatabaseFiles.wal(database), taken);
            if (commits.isEmpty()) return;
            taken = commits.end();
            synchronized (this) {
                pending.add(commits.frames());
                pendingEnd = commits.end();
                pageSize = commits.pageSize();
                if (appending) return; // the running append takes these too when it is done
                appending = true;
            }
            written = written.thenRunAsync(this::appendPending, appends);
        }

        /** Writes what is pending as one record, again and again until nothing is. */
        private void appendPending() {
            while (true) {
                byte[] payload;
                WalPosition end;
                int size;
                synchronized (this) {
                    if (pending.isEmpty()) {
                        appending = false;
                        return;
                    }
                    payload = concatenate(pending);
                    pending.clear();
                    end = pendingEnd;
                    size = pageSize;
                }
                LogRecord record = new LogRecord(reached.seq() + 1, LogRecord.Kind.FRAMES, size, epoch, payload);
                try {
                    log.append(segment, record);
                } catch (IOException e) {
                    synchronized (this) {
                        appending = false; // nothing more is written for this turn: finish() reports the failure
                    }
                    throw new UncheckedIOException(e);
                }
                reached = new CopyPosition(record.seq(), end);
            }
        }

        /**
         * Forces the WAL while the records are written, waits for them, and records the copy's position as far
         * as the log holds it (also when a record failed, so the next writer continues after the ones written);
         * answers the position. Throws when any record or the WAL could not be made durable.
         */
        public CopyPosition finish() throws IOException {
            if (log == null) {
                if (reached.seq() == start.seq()) return start;
                reached.writeFor(database);
                return reached;
            }
            IOException failure = null;
            try {
                forceWal(database);
            } catch (IOException e) {
                failure = e;
            }
            try {
                written.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new InterruptedIOException("interrupted while segment " + segment + "'s log records were written");
            } catch (ExecutionException e) {
                IOException appendFailure = e.getCause() instanceof UncheckedIOException unchecked ? unchecked.getCause()
                        : new IOException(e.getCause().getMessage(), e.getCause());
                if (failure != null) appendFailure.addSuppressed(failure);
                failure = appendFailure;
            }
            synchronized (this) {
                if (failure == null && !pending.isEmpty()) failure = new IOException("segment " + segment + ": log records were left unwritten");
            }
            CopyPosition last = reached;
            if (last != start) {
                try {
                    last.writeFor(database);
                } catch (IOException e) {
                    if (failure == null) throw e;
                    // the position can lag: the frames are shipped again, and replay idempotently
                }
            }
            if (failure != null) throw failure;
            return last;
        }
    }

    private static byte[] concatenate(List<byte[]> parts) {
        if (parts.size() == 1) return parts.get(0);
        int length = 0;
        for (byte[] part : parts) length += part.length;
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
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
