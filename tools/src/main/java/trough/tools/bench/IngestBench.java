package trough.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConnection;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;

/**
 * W1: rows written with batched JDBC INSERTs into new segments, through the cluster's write path, against
 * the same rows written with sqlite-jdbc batched inserts straight into segment files, with the same
 * transaction size ({@value #ROWS_PER_TRANSACTION} rows: what one multi-row INSERT of the driver's batch
 * commits on a segment).
 */
final class IngestBench {
    static final int SEGMENTS = 32;
    static final int ROWS_PER_TRANSACTION = 500;
    private static final int BATCH = 5_000;
    private static final String COLUMNS = "url, host, status_code, mimetype, size, fetch_ts, crawl_job_id";

    private final List<Object[]> rows;
    private int round;

    private IngestBench(List<Object[]> rows) {
        this.rows = rows;
    }

    /** The first {@code count} rows of the single file, in crawl job order, held in memory so reading them is not timed. */
    static IngestBench of(BenchData data, int count) throws SQLException {
        List<Object[]> rows = new ArrayList<>(count);
        try (Connection single = SqliteConnections.openReadOnly(data.single); Statement statement = single.createStatement();
             ResultSet result = statement.executeQuery("SELECT " + COLUMNS + " FROM crawl_log ORDER BY crawl_job_id LIMIT " + count)) {
            while (result.next()) rows.add(ResultRows.current(result, 7));
        }
        return new IngestBench(rows);
    }

    int rows() {
        return rows.size();
    }

    /** Milliseconds to write every row through {@code url} into {@value #SEGMENTS} new segments. */
    double throughTrough(String url) throws SQLException {
        String prefix = "w1-" + System.currentTimeMillis() + "-" + (round++) + "-";
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO crawl_log (_segment, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            int batched = 0;
            for (Object[] row : rows) {
                insert.setString(1, prefix + segmentOf(row));
                for (int i = 0; i < row.length; i++) insert.setObject(i + 2, row[i]);
                insert.addBatch();
                if (++batched == BATCH) {
                    insert.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) insert.executeBatch();
        }
        return (System.nanoTime() - started) / 1e6;
    }

    /** Milliseconds to write every row with sqlite-jdbc into {@value #SEGMENTS} new files in {@code directory}. */
    double direct(Path directory) throws Exception {
        Path dir = Files.createDirectories(directory.resolve("w1-" + (round++)));
        long started = System.nanoTime();
        SQLiteConnection[] files = new SQLiteConnection[SEGMENTS];
        PreparedStatement[] inserts = new PreparedStatement[SEGMENTS];
        int[] pending = new int[SEGMENTS];
        try {
            for (Object[] row : rows) {
                int segment = segmentOf(row);
                if (files[segment] == null) {
                    files[segment] = SqliteConnections.openReadWrite(dir.resolve("s" + segment + ".sqlite"));
                    try (Statement ddl = files[segment].createStatement()) {
                        for (SqlScript.Statement part : SqlScript.split(BenchData.SCHEMA.sql())) ddl.execute(part.sql());
                    }
                    files[segment].setAutoCommit(false);
                    inserts[segment] = files[segment].prepareStatement("INSERT INTO crawl_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
                }
                for (int i = 0; i < row.length; i++) inserts[segment].setObject(i + 1, row[i]);
                inserts[segment].addBatch();
                if (++pending[segment] == ROWS_PER_TRANSACTION) {
                    inserts[segment].executeBatch();
                    files[segment].commit();
                    pending[segment] = 0;
                }
            }
            for (int s = 0; s < SEGMENTS; s++) {
                if (files[s] != null && pending[s] > 0) {
                    inserts[s].executeBatch();
                    files[s].commit();
                }
            }
        } finally {
            for (SQLiteConnection file : files) if (file != null) file.close();
        }
        return (System.nanoTime() - started) / 1e6;
    }

    private static int segmentOf(Object[] row) {
        return (int) (((Number) row[6]).longValue() % SEGMENTS);
    }
}
