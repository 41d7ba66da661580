package trough.jdbc.batch;

import java.math.BigDecimal;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.sql.type.SqlTypeName;
import trough.calcite.exec.TableShape;
import trough.calcite.schema.DeclaredType;
import trough.calcite.schema.SegmentSource;
import trough.core.client.TroughQueryException;
import trough.core.client.write.PartialWriteException;
import trough.core.client.write.RowSegments;
import trough.core.client.write.SegmentWriter;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;
import trough.core.sqlite.SqlScript;

/**
 * The fast way for a batch of a one-row INSERT whose columns name {@code _segment}, or the key column of a
 * table with a segment key: its rows go straight to the segments' writers as values, which they bind to one
 * INSERT, without Calcite planning each statement (which costs more than SQLite's writing). It applies only
 * where the result cannot differ from Calcite's path: a table of one source with every named column, and
 * plain values (numbers, text, booleans, bytes, NULL; text in {@code _segment}), bound as SQLite reads them
 * written as literals ({@link trough.core.sqlite.BoundValues}); SQLite's own column affinity converts them as
 * Calcite's casts would, and a column left out takes its DEFAULT. Rows are routed as Calcite's INSERT routes
 * them ({@link RowSegments}). Anything else goes through Calcite.
 */
final class DirectRows {
    /** What one request of a batch's rows aims at, well under a worker's default body limit (16 MiB). */
    static final long REQUEST_BYTES = 4L << 20;
    /** Segments of one batch written at the same time. */
    static final int PARALLEL_SEGMENTS = 8;
    private final SegmentSource source;
    private final String table;
    private final List<String> columns;
    /** The position of {@code _segment} among the columns, or -1. */
    private final int segmentColumn;
    /** The position of the segment key's column among the columns, or -1. */
    private final int keyColumn;
    private final SqlTypeName keyType;
    private final RowSegments segments;

    private DirectRows(SegmentSource source, String table, List<String> columns, int segmentColumn, int keyColumn, SqlTypeName keyType,
                       SegmentKey key) {
        this.source = source;
        this.table = table;
        this.columns = columns;
        this.segmentColumn = segmentColumn;
        this.keyColumn = keyColumn;
        this.keyType = keyType;
        this.segments = new RowSegments(table, keyColumn < 0 ? null : key);
    }

    /** The direct path for {@code INSERT INTO table (columns)}, or null when it does not apply. */
    static DirectRows of(Map<String, SegmentSource> sources, String table, List<String> columns) {
        String[] parts = table.split("\\.");
        if (parts.length > 2) return null;
        String name = unquote(parts[parts.length - 1]);
        List<SegmentSource> candidates = new ArrayList<>();
        if (parts.length == 2) {
            SegmentSource source = sources.get(unquote(parts[0]));
            if (source != null) candidates.add(source);
        } else {
            candidates.addAll(sources.values());
        }
        DirectRows found = null;
        for (SegmentSource source : candidates) {
            TableShape shape = shape(source, name);
            if (shape == null) continue;
            if (found != null) return null; // the same name in two schemas: Calcite says which it takes
            List<String> declared = new ArrayList<>();
            int segment = -1;
            int keyColumn = -1;
            SqlTypeName keyType = null;
            SegmentKey key = source.segmentKey();
            for (String column : columns) {
                String plain = unquote(column.strip());
                if (plain.equalsIgnoreCase("_segment")) {
                    segment = declared.size();
                    declared.add(plain);
                    continue;
                }
                TableShape.ColumnShape match = shape.columns().stream().filter(c -> c.name().equalsIgnoreCase(plain)).findFirst().orElse(null);
                if (match == null) return null;
                if (key != null && key.isKey(match.name())) {
                    keyColumn = declared.size();
                    keyType = DeclaredType.name(match.declaredType());
                }
                declared.add(match.name());
            }
            if (segment < 0 && keyColumn < 0) return null;
            found = new DirectRows(source, shape.name(), declared, segment, keyColumn, keyType, key);
        }
        return found;
    }

    /**
     * Whether every value of these rows can go as a SQLite literal, every {@code _segment} given is text, and
     * every key value has the type Calcite would convert it to (so that it names the same segment).
     */
    boolean accepts(List<Object[]> rows) {
        for (Object[] row : rows) {
            if (segmentColumn >= 0 && row[segmentColumn] != null && !(row[segmentColumn] instanceof String)) return false;
            if (keyColumn >= 0 && !keyAsCalciteSeesIt(row[keyColumn])) return false;
            for (Object value : row) {
                if (value != null && !(value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Short
                        || value instanceof Byte || value instanceof Double || value instanceof Float || value instanceof BigDecimal
                        || value instanceof Boolean || value instanceof byte[])) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Writes the rows, one transaction per segment, bound as {@link #writeAll} binds them; answers the rows
     * written. {@code firstRow} is the number of the first of them in the batch, for messages; a row without a
     * valid segment stops them all before any is sent.
     */
    long write(long firstRow, List<Object[]> rows) {
        Map<SegmentId, List<Object[]>> bySegment = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            SegmentId segment = segments.segmentOf(firstRow + i, segmentColumn < 0 ? null : row[segmentColumn], keyColumn < 0 ? null : row[keyColumn]);
            bySegment.computeIfAbsent(segment, s -> new ArrayList<>()).add(withoutSegment(row));
        }
        String statement = boundStatement();
        long written = 0;
        for (Map.Entry<SegmentId, List<Object[]>> segment : bySegment.entrySet()) {
            written += source.writer().writeRows(segment.getKey(), statement, segment.getValue(), segment.getValue().size());
        }
        return written;
    }

    /**
     * Writes every row of a batch: each segment's rows, in batch order, as transactions of up to
     * {@code rowsPerTransaction} rows, sent to its writer together (in as few requests of about
     * {@value #REQUEST_BYTES} bytes as they fit) and bound there to one INSERT ({@link SegmentWriter#writeRows});
     * up to {@value #PARALLEL_SEGMENTS} segments at a time, so that a batch whose rows name many segments (a
     * Spark partition, a loader's chunk) waits for their writers together. Fills {@code counts} (one per row,
     * JDBC's update counts) as segments are written; a row without a valid segment stops them all before any is
     * sent, and a failed transaction stops the rest of its segment and any segment not begun yet, leaving
     * {@link Statement#EXECUTE_FAILED} in the counts of every row not written.
     */
    void writeAll(List<Object[]> rows, int rowsPerTransaction, int[] counts) {
        Map<SegmentId, List<Integer>> bySegment = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            SegmentId segment = segments.segmentOf(i + 1, segmentColumn < 0 ? null : row[segmentColumn], keyColumn < 0 ? null : row[keyColumn]);
            bySegment.computeIfAbsent(segment, s -> new ArrayList<>()).add(i);
        }
        Arrays.fill(counts, Statement.EXECUTE_FAILED);
        String statement = boundStatement();
        List<Map.Entry<SegmentId, List<Integer>>> work = new ArrayList<>(bySegment.entrySet());
        List<FailedRows> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        Runnable writing = () -> {
            int k;
            while (failures.isEmpty() && (k = next.getAndIncrement()) < work.size()) {
                FailedRows failed = write(work.get(k).getKey(), work.get(k).getValue(), k, rows, statement, rowsPerTransaction, counts);
                if (failed != null) failures.add(failed);
            }
        };
        List<Future<?>> helpers = new ArrayList<>();
        for (int t = 1; t < Math.min(PARALLEL_SEGMENTS, work.size()); t++) helpers.add(BatchWriters.POOL.submit(writing));
        writing.run();
        for (Future<?> helper : helpers) BatchWriters.await(helper);
        if (failures.isEmpty()) return;
        FailedRows first = failures.stream().min(Comparator.comparingInt(FailedRows::order)).orElseThrow();
        long written = Arrays.stream(counts).filter(count -> count != Statement.EXECUTE_FAILED).count();
        String others = work.size() == 1 ? "" : ", nor of a segment not begun yet (segments written at the same time may have been)";
        throw new TroughQueryException("rows " + first.firstRow() + " to " + first.lastRow() + " of the batch (segment " + first.segment()
                + ") failed, and none after them in their segment was sent" + others + " (" + written + " rows of the batch were written; "
                + "the update counts say which): " + first.cause().getMessage(), first.cause());
    }

    /** A segment's rows that failed: the first and last row (from 1) of the failed transaction, and why. */
    private record FailedRows(int order, SegmentId segment, int firstRow, int lastRow, RuntimeException cause) {}

    /** Writes one segment's rows (the {@code order}th segment of the batch); answers what failed, or null. */
    private FailedRows write(SegmentId segment, List<Integer> indexes, int order, List<Object[]> rows, String statement, int rowsPerTransaction,
                             int[] counts) {
        int done = 0;
        while (done < indexes.size()) {
            int end = requestEnd(rows, indexes, done, rowsPerTransaction);
            List<Object[]> values = new ArrayList<>(end - done);
            for (int i : indexes.subList(done, end)) values.add(withoutSegment(rows.get(i)));
            try {
                long changed = source.writer().writeRows(segment, statement, values, rowsPerTransaction);
                for (int i : indexes.subList(done, end)) counts[i] = changed == end - done ? 1 : Statement.SUCCESS_NO_INFO;
            } catch (PartialWriteException e) {
                int written = Math.min(end - done, e.written() * rowsPerTransaction);
                for (int i : indexes.subList(done, done + written)) counts[i] = e.rowsChanged() == written ? 1 : Statement.SUCCESS_NO_INFO;
                List<Integer> failed = indexes.subList(done + written, Math.min(end, done + written + rowsPerTransaction));
                return new FailedRows(order, segment, failed.get(0) + 1, failed.get(failed.size() - 1) + 1, e);
            } catch (RuntimeException e) {
                // No row of this request is known to be written (the exception says whether its outcome is unknown).
                return new FailedRows(order, segment, indexes.get(done) + 1, indexes.get(end - 1) + 1, e);
            }
            done = end;
        }
        return null;
    }

    /**
     * Where the request that starts at row {@code from} of a segment's rows ends: whole transactions, as many as
     * keep its body near {@value #REQUEST_BYTES} bytes (at least one), so that a large batch stays well within
     * a worker's body limit (16 MiB by default) and goes in several requests.
     */
    private int requestEnd(List<Object[]> rows, List<Integer> indexes, int from, int rowsPerTransaction) {
        long bytes = 0;
        int end = from;
        while (end < indexes.size()) {
            int transactionEnd = Math.min(indexes.size(), end + rowsPerTransaction);
            long transactionBytes = 0;
            for (int i : indexes.subList(end, transactionEnd)) transactionBytes += wireBytes(rows.get(i));
            if (end > from && bytes + transactionBytes > REQUEST_BYTES) break;
            bytes += transactionBytes;
            end = transactionEnd;
        }
        return end;
    }

    /** About the bytes of a row in a request's JSON: text counted at up to 3 bytes a character, bytes as base64. */
    private static long wireBytes(Object[] row) {
        long bytes = 2;
        for (Object value : row) {
            if (value instanceof String text) bytes += 3L * text.length() + 3;
            else if (value instanceof byte[] data) bytes += data.length * 4L / 3 + 16;
            else bytes += 26;
        }
        return bytes;
    }

    private boolean keyAsCalciteSeesIt(Object value) {
        return switch (keyType) {
            case BIGINT -> value == null || value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
            case VARCHAR -> value == null || value instanceof String;
            case DOUBLE -> value == null || value instanceof Number && !(value instanceof BigDecimal);
            default -> true;
        };
    }

    /** The one-row INSERT the rows are bound to, without {@code _segment}. */
    private String boundStatement() {
        StringJoiner names = new StringJoiner(", ", "(", ")");
        StringJoiner values = new StringJoiner(", ", " VALUES (", ")");
        for (int i = 0; i < columns.size(); i++) {
            if (i == segmentColumn) continue;
            names.add(SqlScript.quoteIdentifier(columns.get(i)));
            values.add("?");
        }
        return "INSERT INTO " + SqlScript.quoteIdentifier(table) + " " + names + values;
    }

    private Object[] withoutSegment(Object[] row) {
        if (segmentColumn < 0) return row;
        Object[] values = new Object[row.length - 1];
        for (int i = 0, at = 0; i < row.length; i++) if (i != segmentColumn) values[at++] = row[i];
        return values;
    }

    private static TableShape shape(SegmentSource source, String name) {
        for (Map.Entry<String, TableShape> table : source.tables().entrySet()) {
            if (table.getKey().equalsIgnoreCase(name)) return table.getValue();
        }
        return null;
    }

    private static String unquote(String name) {
        String plain = name.strip();
        return plain.length() >= 2 && plain.startsWith("\"") && plain.endsWith("\"") ? plain.substring(1, plain.length() - 1) : plain;
    }
}
