package trough.calcite.exec;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import trough.core.client.RowSource;
import trough.core.client.TroughQueryException;
import trough.core.scan.ScanException;
import trough.core.sqlite.ResultRows;

/**
 * The rows of a statement on the client's scratch database, read as SQLite steps it; closing them closes the
 * database. The statement starts at the first {@link #next}, so that whoever watches for a cancel or a
 * timeout holds these rows before SQLite's first step, which may do all the work (a count over a join).
 */
public final class StatementRows implements RowSource {
    private final PreparedStatement statement;
    private final ScratchDatabase database;
    private final int width;
    private ResultSet result;
    private volatile String stopped;

    StatementRows(PreparedStatement statement, ScratchDatabase database) throws SQLException {
        this.statement = statement;
        this.database = database;
        this.width = statement.getMetaData().getColumnCount();
    }

    @Override
    public Object[] next() {
        try {
            if (stopped != null) throw new SQLException("interrupted");
            if (result == null) result = statement.executeQuery();
            return result.next() ? ResultRows.current(result, width) : null;
        } catch (SQLException e) {
            String reason = stopped;
            if (reason != null) {
                ScanException.Kind kind = reason.equals(CancelWatch.CANCELLED) ? ScanException.Kind.CANCELLED : ScanException.Kind.TIMEOUT;
                throw new TroughQueryException("query " + reason, new ScanException(kind, null, "query " + reason, e));
            }
            throw new TroughQueryException("the statement failed on the client's SQLite: " + e.getMessage(), e);
        }
    }

    @Override
    public void cancel(String reason) {
        stopped = reason;
        try {
            statement.cancel();
        } catch (SQLException ignored) {
            // finished meanwhile
        }
    }

    /** The database the rows come from. */
    ScratchDatabase database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
    }
}
