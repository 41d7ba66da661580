package trough.calcite.exec;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.StringJoiner;
import trough.core.scan.ParameterBinding;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqliteConnections;

/**
 * The client's half of a split query: the partial rows of every segment go into an in-memory SQLite table
 * {@code p(c0, c1, ...)}, and the merge query (final aggregates, HAVING, ORDER BY, LIMIT) runs there.
 * Running the merge on SQLite itself keeps SQLite's semantics (ordering of mixed types, NULLs first,
 * integer overflow, AVG as REAL) exactly, instead of approximating them in Java.
 */
final class SqliteMerge implements RowSource {
    static final String TABLE = "p";
    private static final int INSERT_BATCH = 1000;

    private final Connection connection;
    private final Statement statement;
    private final ResultSet result;
    private final int width;

    private SqliteMerge(Connection connection, Statement statement, ResultSet result, int width) {
        this.connection = connection;
        this.statement = statement;
        this.result = result;
        this.width = width;
    }

    /** Column {@code i} of the partial-rows table. */
    static String column(int i) {
        return "c" + i;
    }

    static SqliteMerge run(RowSource partial, int partialWidth, String mergeSql, List<Object> parameters) {
        Connection connection = null;
        try {
            connection = SqliteConnections.openInMemory();
            try (Statement create = connection.createStatement()) {
                StringJoiner columns = new StringJoiner(", ", "CREATE TABLE " + TABLE + " (", ")");
                for (int i = 0; i < partialWidth; i++) columns.add(column(i));
                create.executeUpdate(columns.toString());
            }
            load(connection, partial, partialWidth);
            PreparedStatement statement = connection.prepareStatement(mergeSql);
            ParameterBinding.bind(statement, parameters);
            ResultSet result = statement.executeQuery();
            return new SqliteMerge(connection, statement, result, result.getMetaData().getColumnCount());
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new TroughQueryException("merging the segments' partial results failed: " + e.getMessage()
                    + " (merge query: " + mergeSql + ")", e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        } finally {
            partial.close();
        }
    }

    private static void load(Connection connection, RowSource partial, int width) throws SQLException {
        StringJoiner marks = new StringJoiner(", ", "INSERT INTO " + TABLE + " VALUES (", ")");
        for (int i = 0; i < width; i++) marks.add("?");
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(marks.toString())) {
            int batched = 0;
            List<Object> values = new java.util.ArrayList<>(width);
            for (Object[] row = partial.next(); row != null; row = partial.next()) {
                values.clear();
                for (Object value : row) values.add(value);
                ParameterBinding.bind(insert, values);
                insert.addBatch();
                if (++batched == INSERT_BATCH) {
                    insert.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) insert.executeBatch();
        }
        connection.commit();
        connection.setAutoCommit(true);
    }

    @Override
    public Object[] next() {
        try {
            return result.next() ? ResultRows.current(result, width) : null;
        } catch (SQLException e) {
            throw new TroughQueryException("merging the segments' partial results failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void cancel(String reason) {
        try {
            statement.cancel();
        } catch (SQLException ignored) {
            // finished meanwhile
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // in-memory: nothing to lose
        }
    }
}
