package trough.core.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.sqlite.SQLiteConnection;

/**
 * The prepared statements of one connection, kept by their text for the next run of the same query. SQLite's
 * prepare (parsing, name resolution, query planning) costs more than running a short query: a top-N on one day
 * of a segment spends more in it than in its steps. A connection serves one reader at a time, and so does this.
 *
 * <p>A kept statement is lent to one run at a time, its bindings cleared when it comes back. When the schema
 * changed since (a column added to the table of a {@code SELECT *}), SQLite prepares the statement again by itself
 * and sqlite-jdbc reads its columns anew on each run.
 */
public final class StatementCache implements AutoCloseable {
    /** How a run sets its statement's parameters. */
    @FunctionalInterface
    public interface Binding {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * Statements a reader connection keeps: the queries an application or a dashboard repeats are few, and each
     * kept statement holds SQLite's compiled program (kilobytes) for as long as its connection stays open.
     */
    public static final int READER_CAPACITY = 8;

    private final SQLiteConnection connection;
    private final int capacity;
    /** Idle statements by text, the least recently used first. */
    private final LinkedHashMap<String, PreparedStatement> idle;

    /** @param capacity statements kept at most; the least recently used is closed to make room */
    public StatementCache(SQLiteConnection connection, int capacity) {
        this.connection = connection;
        this.capacity = capacity;
        this.idle = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** A cache that keeps nothing: every run prepares its statement and closes it after. */
    public static StatementCache none(SQLiteConnection connection) {
        return new StatementCache(connection, 0);
    }

    /**
     * Runs {@code sql} with {@code binding}'s values, up to its first row, on a kept statement when there is one,
     * and answers its rows; null when the statement is not a query (it was run, and is closed). Give the rows back
     * with {@link #done}.
     */
    public ResultSet query(String sql, Binding binding) throws SQLException {
        PreparedStatement kept = idle.remove(sql);
        return run(kept != null ? kept : connection.prepareStatement(sql), binding);
    }

    /**
     * Ends a run of {@link #query}: its statement is kept for the next run of {@code sql} when {@code reusable} (the
     * run ended without a failure), closed otherwise.
     */
    public void done(String sql, ResultSet rows, boolean reusable) {
        PreparedStatement statement;
        try {
            statement = (PreparedStatement) rows.getStatement();
        } catch (SQLException e) {
            closeQuietly(rows);
            return;
        }
        try {
            rows.close(); // resets the statement
            statement.clearParameters();
            if (reusable && capacity > 0 && !statement.isClosed()) {
                keep(sql, statement);
                return;
            }
        } catch (SQLException e) {
            // its state is unknown: not kept
        }
        closeQuietly(statement);
    }

    /** Statements kept now. */
    public int size() {
        return idle.size();
    }

    /** Closes the kept statements; the connection stays open. */
    @Override
    public void close() {
        idle.values().forEach(StatementCache::closeQuietly);
        idle.clear();
    }

    private void keep(String sql, PreparedStatement statement) {
        PreparedStatement replaced = idle.put(sql, statement);
        if (replaced != null && replaced != statement) closeQuietly(replaced);
        Iterator<PreparedStatement> eldest = idle.values().iterator();
        while (idle.size() > capacity) {
            closeQuietly(eldest.next());
            eldest.remove();
        }
    }

    private static ResultSet run(PreparedStatement statement, Binding binding) throws SQLException {
        try {
            binding.bind(statement);
            // execute(), not executeQuery(): sqlite-jdbc refuses a statement without result columns before SQLite
            // sees it, and SQLite's own verdict (read-only, say) is the one worth reporting.
            if (statement.execute()) return statement.getResultSet();
        } catch (SQLException | RuntimeException e) {
            closeQuietly(statement);
            throw e;
        }
        closeQuietly(statement);
        return null;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing was written through it
        }
    }
}
