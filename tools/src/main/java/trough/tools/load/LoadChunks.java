package trough.tools.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import trough.core.client.write.SegmentWriter;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.SqliteLiteral;

/**
 * The rows of a file, gathered per segment into chunks of {@code batch} rows and written one chunk per
 * transaction. Each chunk's write also records {@code (load id, chunk number)} in the segment's table
 * {@value #RECORD_TABLE}, and inserts its rows only if that record is absent: a load interrupted and run
 * again (same file, same table, same batch size, so the same load id and the same chunks) skips the chunks
 * that made it and writes the rest, and no row is loaded twice.
 */
final class LoadChunks {
    static final String RECORD_TABLE = SqliteConnections.INTERNAL_TABLE_PREFIX + "load";
    private static final String CREATE_RECORD = "CREATE TABLE IF NOT EXISTS " + RECORD_TABLE
            + " (load_id TEXT NOT NULL, chunk INTEGER NOT NULL, rows INTEGER NOT NULL, loaded_at TEXT NOT NULL, PRIMARY KEY (load_id, chunk))";

    /** What happened in one segment. */
    static final class Tally {
        long rowsLoaded;
        long rowsSkipped;
        int chunks;
    }

    private final SegmentWriter writer;
    private final String table;
    private final String loadId;
    private final int batch;
    private final Map<SegmentId, List<Map<String, Object>>> pending = new LinkedHashMap<>();
    private final Map<SegmentId, Tally> tallies = new LinkedHashMap<>();

    LoadChunks(SegmentWriter writer, String table, String loadId, int batch) {
        this.writer = writer;
        this.table = table;
        this.loadId = loadId;
        this.batch = batch;
    }

    void add(SegmentId segment, Map<String, Object> values) {
        List<Map<String, Object>> rows = pending.computeIfAbsent(segment, s -> new ArrayList<>(batch));
        rows.add(values);
        if (rows.size() == batch) flush(segment);
    }

    /** Writes what is left of every segment's rows. */
    void finish() {
        for (SegmentId segment : List.copyOf(pending.keySet())) flush(segment);
    }

    Map<SegmentId, Tally> tallies() {
        return tallies;
    }

    private void flush(SegmentId segment) {
        List<Map<String, Object>> rows = pending.remove(segment);
        if (rows == null || rows.isEmpty()) return;
        Tally tally = tallies.computeIfAbsent(segment, s -> new Tally());
        int chunk = tally.chunks++;
        long changed = writer.write(segment, sql(rows, chunk));
        if (changed > 0) tally.rowsLoaded += rows.size();
        else tally.rowsSkipped += rows.size();
    }

    /** One transaction: the record table, the rows unless this chunk was loaded before, the chunk's record. */
    private String sql(List<Map<String, Object>> rows, int chunk) {
        Set<String> columns = new LinkedHashSet<>();
        for (Map<String, Object> row : rows) columns.addAll(row.keySet());
        StringJoiner names = new StringJoiner(", ", "(", ")");
        for (String column : columns) names.add(SqlScript.quoteIdentifier(column));
        StringBuilder sql = new StringBuilder(CREATE_RECORD).append(";\n");
        sql.append("INSERT INTO ").append(SqlScript.quoteIdentifier(table)).append(' ').append(names).append(" SELECT * FROM (VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            StringJoiner values = new StringJoiner(", ", r == 0 ? "(" : ", (", ")");
            for (String column : columns) values.add(SqliteLiteral.of(rows.get(r).get(column)));
            sql.append(values);
        }
        String id = SqlScript.quoteLiteral(loadId);
        sql.append(") WHERE NOT EXISTS (SELECT 1 FROM ").append(RECORD_TABLE).append(" WHERE load_id = ").append(id).append(" AND chunk = ")
                .append(chunk).append(");\n");
        sql.append("INSERT OR IGNORE INTO ").append(RECORD_TABLE).append(" VALUES (").append(id).append(", ").append(chunk).append(", ")
                .append(rows.size()).append(", datetime('now'));");
        return sql.toString();
    }
}
