package trough.sync.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import trough.core.segment.SegmentId;
import trough.sync.log.LogRecord;

/**
 * Each segment's change log in durable storage: {@code logs/<id>/<seq>.log}, one file per acknowledged write,
 * numbered from 1 without gaps. A record is created under its final name and never replaced, so two writers
 * cannot both append the same number: the second one learns it lost ({@link LogConflictException}) before it
 * acknowledges anything. Promotion makes the records it covers unnecessary, and they are deleted (all but the
 * last, which keeps the numbering).
 */
public final class SegmentLog {
    private static final long TEMPORARY_LIFETIME_MILLIS = 3_600_000;

    private final FileSystem fs;
    private final Path base;

    public SegmentLog(FileSystem fs, Path base) {
        this.fs = fs;
        this.base = base;
    }

    /**
     * Makes the record durable (hsync; on {@code file://} fsync, see {@link LocalStorageFiles}) under its number; throws {@link LogConflictException} if another record
     * has that number. Records appear whole (see {@link #create}), so a torn one there was left by a crash of
     * a Trough that wrote records in place, never acknowledged: it is replaced.
     */
    public void append(SegmentId segment, LogRecord record) throws IOException {
        Path file = file(segment, record.seq());
        byte[] bytes = record.toBytes();
        if (create(file, bytes)) return;
        LogRecord existing = readOrNull(file);
        if (existing == null) {
            fs.delete(file, false);
            if (!create(file, bytes)) throw new LogConflictException(segment, record.seq(), null);
        } else if (existing.epoch() != record.epoch() || !Arrays.equals(existing.payload(), record.payload())) {
            throw new LogConflictException(segment, record.seq(), null);
        }
        // else: this very record, stored by an attempt that failed after writing it
    }

    /**
     * Creates the record's file durably; false when a file of that name exists. The record appears whole or not
     * at all: written and synced under a temporary name, then renamed to its own (HDFS refuses a rename onto an
     * existing name), so a writer racing for the number never reads it half written.
     */
    private boolean create(Path file, byte[] bytes) throws IOException {
        java.nio.file.Path local = LocalStorageFiles.onThisMachine(fs, file);
        if (local != null) return LocalStorageFiles.createNew(local, bytes);
        Path temporary = new Path(file.getParent(), file.getName() + "." + UUID.randomUUID() + LocalStorageFiles.TEMPORARY_SUFFIX);
        boolean renamed = false;
        try {
            try (FSDataOutputStream out = fs.create(temporary, false)) {
                out.write(bytes);
                out.hsync();
            }
            renamed = fs.rename(temporary, file);
            return renamed;
        } finally {
            if (!renamed) fs.delete(temporary, false);
        }
    }

    private LogRecord readOrNull(Path file) {
        try (InputStream in = fs.open(file)) {
            return LogRecord.readFrom(in, file.toString());
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The records after {@code seq}, in order, as far as they run without a gap. An image makes every record
     * before it irrelevant, so the answer starts at the last image when there is one; a torn record is one never
     * acknowledged, harmless at the end or before an image, damage anywhere else.
     */
    public List<LogRecord> after(SegmentId segment, long seq) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        Path torn = null;
        IOException damage = null;
        long next = seq + 1;
        for (long number : numbers(segment)) {
            if (number < next) continue;
            if (number > next) throw new LogGapException(segment, next, number);
            Path file = file(segment, number);
            LogRecord record = readOrNull(file);
            next++;
            if (record == null) {
                torn = torn == null ? file : torn;
                continue;
            }
            if (record.kind() == LogRecord.Kind.IMAGE) {
                records.clear();
                torn = null;
                damage = null;
            } else if (torn != null && damage == null) {
                damage = new IOException("segment " + segment + ": log record " + torn + " is torn, and records after it build on it; "
                        + "restore the segment from its writer's copy or its last promoted copy");
            }
            records.add(record);
        }
        if (damage != null) throw damage;
        return records;
    }

    /** The highest record number stored for the segment; 0 when it has none. */
    public long head(SegmentId segment) throws IOException {
        return last(numbers(segment));
    }

    /**
     * Deletes the records before {@code seq}, which a promoted copy holding record {@code seq} makes unnecessary.
     * Record {@code seq} itself stays: the log's head never falls below a promoted copy, so the next record is
     * numbered after it whoever writes it.
     */
    public void truncateBefore(SegmentId segment, long seq) throws IOException {
        // The same listing also sweeps what a crash left under a temporary name (see create) an hour ago or
        // more: a record being written lives there for the moments of one write, and a left-behind one was never
        // acknowledged.
        long leftBefore = System.currentTimeMillis() - TEMPORARY_LIFETIME_MILLIS;
        for (FileStatus status : files(segment)) {
            String name = status.getPath().getName();
            Long number = recordNumber(name);
            boolean covered = number != null && number < seq;
            boolean leftover = name.endsWith(LocalStorageFiles.TEMPORARY_SUFFIX) && status.getModificationTime() < leftBefore;
            if (covered || leftover) fs.delete(status.getPath(), false);
        }
    }

    public void deleteAll(SegmentId segment) throws IOException {
        fs.delete(directory(segment), true);
    }

    private List<Long> numbers(SegmentId segment) throws IOException {
        List<Long> numbers = new ArrayList<>();
        for (FileStatus status : files(segment)) {
            Long number = recordNumber(status.getPath().getName());
            if (number != null) numbers.add(number);
        }
        numbers.sort(null);
        return numbers;
    }

    /** The files in the segment's log directory; none when it has no log. */
    private FileStatus[] files(SegmentId segment) throws IOException {
        try {
            return fs.listStatus(directory(segment));
        } catch (FileNotFoundException e) {
            return new FileStatus[0];
        }
    }

    /** The number of the record a file holds, or null when it is not a record (a temporary, a file someone put there). */
    private static Long recordNumber(String name) {
        if (!name.endsWith(".log")) return null;
        try {
            return Long.parseLong(name.substring(0, name.length() - 4));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long last(List<Long> numbers) {
        return numbers.isEmpty() ? 0 : numbers.get(numbers.size() - 1);
    }

    private Path directory(SegmentId segment) {
        return new Path(base, "logs/" + segment.value());
    }

    private Path file(SegmentId segment, long seq) {
        return new Path(directory(segment), String.format("%019d.log", seq));
    }
}
