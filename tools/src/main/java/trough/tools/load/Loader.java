package trough.tools.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import trough.core.client.write.SegmentWriter;
import trough.core.segment.SegmentId;
import trough.tools.console.ProgressLine;

/**
 * Loads files into the segments of one table. Each file is read twice: first to check every record (a bad
 * one stops the load before anything is written, unless --skip-bad allows it) and to count rows per
 * segment, then to write them in chunks ({@link LoadChunks}).
 */
final class Loader {
    /** Thrown when the load must stop; its message is the one line to print. */
    static final class LoadFailure extends Exception {
        LoadFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SegmentWriter writer;
    private final String table;
    private final Map<String, String> columns = new LinkedHashMap<>(); // lower-case name -> name as declared
    private final SegmentRouter router;
    private final int batch;
    private final long skipBad;
    private final PrintStream out;
    private long skipped;

    /** A record that passed the checks, with the segment it goes to. */
    private record Routed(LoadRecord record, SegmentId segment) {}

    /** Bad records are reported while checking, and only skipped while loading. */
    private boolean reporting;

    Loader(SegmentWriter writer, String table, List<String> tableColumns, SegmentRouter router, int batch, long skipBad, PrintStream out) {
        this.writer = writer;
        this.table = table;
        for (String column : tableColumns) columns.put(column.toLowerCase(Locale.ROOT), column);
        this.router = router;
        this.batch = batch;
        this.skipBad = skipBad;
        this.out = out;
    }

    /** Checks every file; answers the rows per segment that a load would write. */
    Map<SegmentId, Long> check(List<Path> files) throws LoadFailure {
        Map<SegmentId, Long> counts = new LinkedHashMap<>();
        skipped = 0;
        reporting = true;
        for (Path file : files) {
            try (RecordSource records = RecordSource.open(file, table)) {
                for (Routed routed = nextGood(file, records); routed != null; routed = nextGood(file, records)) {
                    counts.merge(routed.segment(), 1L, Long::sum);
                }
            } catch (IOException e) {
                throw new LoadFailure("cannot read " + file + ": " + e.getMessage(), e);
            } catch (BadRecordException e) {
                throw new LoadFailure(e.getMessage(), e);
            }
        }
        return counts;
    }

    /** Loads the files (already {@link #check checked}); answers what happened per segment. */
    Map<SegmentId, LoadChunks.Tally> load(List<Path> files, long totalRows) throws LoadFailure {
        Map<SegmentId, LoadChunks.Tally> all = new LinkedHashMap<>();
        ProgressLine progress = new ProgressLine(out, "loading", Math.max(1, totalRows));
        long done = 0;
        skipped = 0;
        reporting = false;
        for (Path file : files) {
            LoadChunks chunks;
            try (RecordSource records = RecordSource.open(file, table)) {
                chunks = new LoadChunks(writer, table, loadId(file), batch);
                for (Routed routed = nextGood(file, records); routed != null; routed = nextGood(file, records)) {
                    chunks.add(routed.segment(), canonical(routed.record()));
                    progress.update(++done);
                }
                chunks.finish();
            } catch (IOException e) {
                throw new LoadFailure("cannot read " + file + ": " + e.getMessage(), e);
            } catch (BadRecordException e) {
                throw new LoadFailure(e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new LoadFailure("loading " + file + " stopped: " + e.getMessage() + "; what was written stays, and running the same "
                        + "load again writes only the rest", e);
            }
            chunks.tallies().forEach((segment, tally) -> {
                LoadChunks.Tally sum = all.computeIfAbsent(segment, s -> new LoadChunks.Tally());
                sum.rowsLoaded += tally.rowsLoaded;
                sum.rowsSkipped += tally.rowsSkipped;
                sum.chunks += tally.chunks;
            });
        }
        progress.finish(String.format(Locale.ROOT, "%,d rows from %d file(s)", done, files.size()));
        return all;
    }

    long skippedRecords() {
        return skipped;
    }

    /** The next record that is fine, reporting (and skipping, within the allowance) the bad ones; null after the last. */
    private Routed nextGood(Path file, RecordSource records) throws BadRecordException, IOException {
        while (true) {
            try {
                LoadRecord record = records.next();
                if (record == null) return null;
                for (String column : record.values().keySet()) {
                    if (!columns.containsKey(column.toLowerCase(Locale.ROOT))) {
                        throw new BadRecordException(file, record.line(), column, "table " + table + " has no such column; its columns: "
                                + String.join(", ", columns.values()));
                    }
                }
                return new Routed(record, router.route(file, record));
            } catch (BadRecordException e) {
                if (skipped >= skipBad) {
                    throw skipBad == 0 ? e : new BadRecordException(file, 0, null, "more than " + skipBad + " bad records (--skip-bad); the last: "
                            + e.getMessage());
                }
                skipped++;
                if (reporting) out.println("skipped: " + e.getMessage());
            }
        }
    }

    /** The record with its columns named as the table declares them. */
    private Map<String, Object> canonical(LoadRecord record) {
        Map<String, Object> values = new LinkedHashMap<>();
        record.values().forEach((column, value) -> values.put(columns.get(column.toLowerCase(Locale.ROOT)), value));
        return values;
    }

    /** The same file loaded into the same table in chunks of the same size always has the same id. */
    private String loadId(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            MessageDigest digest = ((DigestInputStream) in).getMessageDigest();
            digest.update(("\n" + table + "\n" + batch).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
