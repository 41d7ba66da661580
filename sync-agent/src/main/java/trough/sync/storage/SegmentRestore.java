package trough.sync.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Supplier;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;
import trough.sync.log.CopyPosition;
import trough.sync.log.LogRecord;
import trough.sync.log.PageWriter;

/**
 * Rebuilds a segment's latest acknowledged state from durable storage alone: its promoted copy (checksum
 * verified) and the change-log records after it. This is how a new writer takes over from a lost one, and how
 * a replica catches up when the writer is gone.
 */
public final class SegmentRestore {
    private static final int ATTEMPTS = 3;

    private final SegmentStorage storage;

    public SegmentRestore(SegmentStorage storage) {
        this.storage = storage;
    }

    /**
     * Writes the segment's latest state to {@code target} and answers its position (for the installer to record
     * once the file is in place); throws when storage holds nothing of the segment. {@code current} supplies the segment's record
     * again when a promotion replaced the log records after the one first read.
     */
    public CopyPosition restore(SegmentRecord record, Path target, Supplier<SegmentRecord> current) throws IOException {
        SegmentRecord attempt = record;
        for (int i = 1; ; i++) {
            try {
                return restoreOnce(attempt, target);
            } catch (LogGapException e) {
                if (i == ATTEMPTS) throw e;
                attempt = current.get();
            }
        }
    }

    /**
     * Applies the log records after the local copy's position to a copy of {@code local} at {@code target}; answers
     * the new position, or null when there was nothing to apply (target is then left absent).
     */
    public CopyPosition catchUp(SegmentId segment, Path local, CopyPosition position, Path target) throws IOException {
        List<LogRecord> records = storage.log().after(segment, position.seq());
        if (records.isEmpty()) return null;
        Files.copy(local, target, StandardCopyOption.REPLACE_EXISTING);
        for (LogRecord record : records) PageWriter.apply(record, target);
        return new CopyPosition(records.get(records.size() - 1).seq(), null);
    }

    private CopyPosition restoreOnce(SegmentRecord record, Path target) throws IOException {
        Files.deleteIfExists(target);
        long base = 0;
        if (record.remotePath() != null) {
            storage.download(record, target);
            base = StoredCopy.logSeqOf(record.remotePath());
        }
        List<LogRecord> records = storage.log().after(record.id(), base);
        if (record.remotePath() == null && (records.isEmpty() || records.get(0).kind() != LogRecord.Kind.IMAGE)) {
            throw new IOException("segment " + record.id() + " was never promoted and durable storage at " + storage.base()
                    + " holds no change log for it: its only copy was on the worker that wrote it");
        }
        for (LogRecord entry : records) PageWriter.apply(entry, target);
        return new CopyPosition(records.isEmpty() ? base : records.get(records.size() - 1).seq(), null);
    }
}
