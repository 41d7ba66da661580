package trough.worker.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>With {@code local} durability there is no log: the position still counts commits, so the sync agent can
 * tell that this copy holds writes no promoted copy has.
 */
public final class LogShipper {
    private final SegmentLog log;

    /** {@code log} null: local durability. */
    public LogShipper(SegmentLog log) {
        this.log = log;
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
        log.append(segment, record);
        CopyPosition next = new CopyPosition(record.seq(), commits.end());
        next.writeFor(database);
        return next;
    }

    /** Whether the copy holds commits its position does not cover: written here but never acknowledged. */
    public static boolean hasUnshipped(Path database, CopyPosition position) throws IOException {
        return !WalFile.committedAfter(DatabaseFiles.wal(database), position.wal()).isEmpty();
    }
}
