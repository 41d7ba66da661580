package trough.core.scan;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Executor;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteException;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqliteConnections;
import trough.core.wire.Column;

/**
 * A scan whose rows are combined before anyone reads them: every row of the segments' scan goes into a
 * scratch SQLite table ({@link PartialRows}), and what is read are the rows of a combine query over that
 * table. A client that splits an aggregate sends, as the combine, its merge over partial rows (the sum of
 * the counts, the minimum of the minimums, the distinct values of a DISTINCT argument), whose rows are
 * partial rows again: a worker then answers one small result for all its segments instead of one per
 * segment. SQLite runs the combine, so its semantics are SQLite's; the scratch database spills to disk
 * beyond its cache.
 */
public final class CombinedScan implements RowScan {
    private static final int INSERT_BATCH = 1000;

    private final RowScan segments;
    private final String combineSql;
    private final long cacheBytes;
    private final ScanStop stop = new ScanStop();
    private SQLiteConnection scratch;
    private PreparedStatement combine;
    private ResultSet rows;
    private List<Column> columns;
    private long rowsRead;

    /** {@code cacheBytes}: the scratch database's page cache, beyond which the partial rows spill to disk. */
    public CombinedScan(RowScan segments, String combineSql, long cacheBytes) {
        this.segments = segments;
        this.combineSql = combineSql;
        this.cacheBytes = cacheBytes;
    }

    @Override
    public void start(Executor pool, long timeoutMillis, int maxParallel) {
        stop.start(timeoutMillis);
        segments.start(pool, timeoutMillis, maxParallel);
    }

    /** The combine query's columns, once every segment's rows are in and the combine has started. */
    @Override
    public List<Column> columns() throws ScanException {
        if (columns == null) combine();
        return columns;
    }

    @Override
    public Object[] next() throws ScanException {
        if (columns == null) combine();
        if (rows == null) return null;
        try {
            if (!rows.next()) {
                closeScratch();
                return null;
            }
            rowsRead++;
            return ResultRows.current(rows, columns.size());
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private void combine() throws ScanException {
        int width = segments.columns().size();
        try {
            scratch = SqliteConnections.openScratch(cacheBytes);
            SqliteConnections.stopWhen(scratch, stop::due);
            load(width);
            try (Statement pragma = scratch.createStatement()) {
                pragma.execute("PRAGMA query_only = 1");
            }
            combine = scratch.prepareStatement(combineSql);
            if (!combine.execute()) {
                throw new ScanException(ScanException.Kind.NOT_A_QUERY, null, "the combine statement returns no rows; send a query over "
                        + PartialRows.TABLE, null);
            }
            rows = combine.getResultSet();
            columns = ResultRows.columns(rows.getMetaData());
        } catch (SQLException e) {
            closeScratch();
            throw failure(e);
        } catch (ScanException e) {
            closeScratch();
            throw e;
        }
        if (columns.size() != width) {
            closeScratch();
            throw new ScanException(ScanException.Kind.COLUMN_MISMATCH, null, "the combine query answers " + columns.size()
                    + " columns where the segments' rows have " + width + "; it must answer rows like theirs", null);
        }
    }

    private void load(int width) throws SQLException, ScanException {
        StringJoiner table = new StringJoiner(", ", "CREATE TABLE " + PartialRows.TABLE + " (", ")");
        StringJoiner marks = new StringJoiner(", ", "INSERT INTO " + PartialRows.TABLE + " VALUES (", ")");
        for (int i = 0; i < width; i++) {
            table.add(PartialRows.column(i));
            marks.add("?");
        }
        try (Statement ddl = scratch.createStatement()) {
            ddl.execute(table.toString());
        }
        scratch.setAutoCommit(false);
        try (PreparedStatement insert = scratch.prepareStatement(marks.toString())) {
            int batched = 0;
            for (Object[] row = segments.next(); row != null; row = segments.next()) {
                ParameterBinding.bind(insert, Arrays.asList(row));
                insert.addBatch();
                if (++batched == INSERT_BATCH) {
                    insert.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) insert.executeBatch();
        }
        scratch.commit();
        scratch.setAutoCommit(true);
    }

    private ScanException failure(SQLException e) {
        if (stop.cancelReason() != null) {
            return new ScanException(ScanException.Kind.CANCELLED, null, "the combine query stopped: " + stop.cancelReason(), e);
        }
        if (stop.pastDeadline()) {
            return new ScanException(ScanException.Kind.TIMEOUT, null, "query timed out after " + stop.timeoutMillis()
                    + " ms while combining the segments' rows; narrow the query or raise its timeout", e);
        }
        SQLException named = e instanceof SQLiteException sqlite
                ? new SQLiteException("the combine query failed: " + e.getMessage(), sqlite.getResultCode()) : e;
        return new ScanException(ScanException.Kind.SQL, null, named.getMessage(), named);
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    /** Stops the segments' scan, and the combine query at its next progress check. */
    @Override
    public void cancel(String reason) {
        stop.cancel(reason);
        segments.cancel(reason);
    }

    @Override
    public void close() {
        segments.close();
        closeScratch();
    }

    private void closeScratch() {
        try {
            if (scratch != null) scratch.close();
        } catch (SQLException ignored) {
            // scratch data: nothing to lose; SQLite deletes its temporary file itself
        }
        scratch = null;
        rows = null;
        combine = null;
    }
}
