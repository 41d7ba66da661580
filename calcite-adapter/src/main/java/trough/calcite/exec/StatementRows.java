package trough.calcite.exec;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import trough.core.scan.ScanException;
import trough.core.sqlite.ResultRows;

/** The rows of a statement on the client's scratch database, read as SQLite steps it; closing them closes the database. */
public final class StatementRows implements RowSource {
    private final PreparedStatement statement;
    private final ResultSet result;
    private final ScratchDatabase database;
    private final int width;
    private volatile String stopped;

    StatementRows(PreparedStatement statement, ResultSet result, ScratchDatabase database) throws SQLException {
        this.statement = statement;
        this.result = result;
        this.database = database;
        this.width = result.getMetaData().getColumnCount();
    }

    @Override
    public Object[] next() {
        try {
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
