package trough.sync.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import trough.core.segment.SegmentId;
import trough.sync.log.LogRecord;

/**
 * Each segment's change log in durable storage: {@code logs/<id>/<seq>.log}, one file per acknowledged write,
 * numbered from 1 without gaps. A record is created under its final name and never replaced, so two writers
 * cannot both append the same number: the second one learns it lost ({@link LogConflictException}) before it
 * acknowledges anything. Promotion makes the records it covers unnecessary, and they are deleted.
 */
public final class SegmentLog {
    private final FileSystem fs;
    private final Path base;

    public SegmentLog(FileSystem fs, Path base) {
        this.fs = fs;
        this.base = base;
    }

    /** Makes the record durable (hsync) under its number; throws {@link LogConflictException} if that number exists. */
    public void append(SegmentId segment, LogRecord record) throws IOException {
        Path file = file(segment, record.seq());
        try (FSDataOutputStream out = fs.create(file, false)) {
            out.write(record.toBytes());
            out.hsync();
        } catch (FileAlreadyExistsException e) {
            throw new LogConflictException(segment, record.seq(), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("already exists")) throw new LogConflictException(segment, record.seq(), e);
            throw e;
        }
    }

    /** The records after {@code seq}, in order, as far as they run without a gap and are whole. */
    public List<LogRecord> after(SegmentId segment, long seq) throws IOException {
        List<LogRecord> records = new ArrayList<>();
        List<Long> numbers = numbers(segment);
        long next = seq + 1;
        for (long number : numbers) {
            if (number < next) continue;
            if (number > next) {
                throw new LogGapException(segment, next, number);
            }
            Path file = file(segment, number);
            try (InputStream in = fs.open(file)) {
                records.add(LogRecord.readFrom(in, file.toString()));
            } catch (IOException e) {
                // A torn last record was never acknowledged; one torn in the middle is damage to report.
                if (number == last(numbers)) break;
                throw new IOException("segment " + segment + ": log record " + file + " cannot be read: " + e.getMessage(), e);
            }
            next++;
        }
        return records;
    }

    /** The highest record number stored for the segment; 0 when it has none. */
    public long head(SegmentId segment) throws IOException {
        return last(numbers(segment));
    }

    /** Deletes the records up to and including {@code seq}: a promoted copy holds what they did. */
    public void truncate(SegmentId segment, long seq) throws IOException {
        for (long number : numbers(segment)) {
            if (number <= seq) fs.delete(file(segment, number), false);
        }
    }

    /** Deletes a torn or conflicting record a writer left behind, before it writes that number itself. */
    public void delete(SegmentId segment, long seq) throws IOException {
        fs.delete(file(segment, seq), false);
    }

    public void deleteAll(SegmentId segment) throws IOException {
        fs.delete(directory(segment), true);
    }

    private List<Long> numbers(SegmentId segment) throws IOException {
        List<Long> numbers = new ArrayList<>();
        try {
            for (FileStatus status : fs.listStatus(directory(segment))) {
                String name = status.getPath().getName();
                if (name.endsWith(".log")) {
                    try {
                        numbers.add(Long.parseLong(name.substring(0, name.length() - 4)));
                    } catch (NumberFormatException ignored) {
                        // not a record (a file someone put there)
                    }
                }
            }
        } catch (FileNotFoundException e) {
            return numbers;
        }
        numbers.sort(null);
        return numbers;
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
