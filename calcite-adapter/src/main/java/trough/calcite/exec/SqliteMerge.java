package trough.calcite.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.StringJoiner;
import trough.core.scan.ParameterBinding;
import trough.core.sqlite.DatabaseFiles;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqliteConnections;

/**
 * The client's half of a split query: the partial rows of every segment go into a scratch SQLite table
 * {@code p(c0, c1, ...)}, and the merge query (final aggregates, HAVING, ORDER BY, LIMIT) runs there.
 * Running the merge on SQLite itself keeps SQLite's semantics (ordering of mixed types, NULLs first,
 * integer overflow, AVG as REAL) exactly, instead of approximating them in Java. The scratch database is a
 * temporary file of which SQLite keeps only {@value #CACHE_BYTES} bytes in memory, so a merge of a huge
 * result (an ORDER BY without LIMIT over millions of rows) spills to disk instead of filling the heap.
 */
final class SqliteMerge implements RowSource {
    static final String TABLE = "p";
    private static final int INSERT_BATCH = 1000;
    static final long CACHE_BYTES = 64L << 20;

    private final Path file;
    private final Connection connection;
    private final Statement statement;
    private final ResultSet result;
    private final int width;

    private SqliteMerge(Path file, Connection connection, Statement statement, ResultSet result, int width) {
        this.file = file;
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
        return run(partial, partialWidth, mergeSql, parameters, CACHE_BYTES);
    }

    /** {@link #run} keeping at most {@code cacheBytes} of the partial rows in memory. */
    static SqliteMerge run(RowSource partial, int partialWidth, String mergeSql, List<Object> parameters, long cacheBytes) {
        Connection connection = null;
        Path file = null;
        try {
            file = Files.createTempFile("trough-merge-", ".sqlite");
            connection = SqliteConnections.openScratch(file, cacheBytes);
            try (Statement create = connection.createStatement()) {
                StringJoiner columns = new StringJoiner(", ", "CREATE TABLE " + TABLE + " (", ")");
                for (int i = 0; i < partialWidth; i++) columns.add(column(i));
                create.executeUpdate(columns.toString());
            }
            load(connection, partial, partialWidth);
            PreparedStatement statement = connection.prepareStatement(mergeSql);
            ParameterBinding.bind(statement, parameters);
            ResultSet result = statement.executeQuery();
            return new SqliteMerge(file, connection, statement, result, result.getMetaData().getColumnCount());
        } catch (SQLException e) {
            closeQuietly(connection, file);
            throw new TroughQueryException("merging the segments' partial results failed: " + e.getMessage()
                    + " (merge query: " + mergeSql + ")", e);
        } catch (IOException e) {
            throw new TroughQueryException("cannot create the scratch file of the merge in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection, file);
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
        closeQuietly(connection, file);
    }

    /** The scratch file: what the merge spilled to disk. */
    Path file() {
        return file;
    }

    private static void closeQuietly(Connection connection, Path file) {
        try {
            if (connection != null) connection.close();
        } catch (SQLException ignored) {
            // scratch data: nothing to lose
        }
        if (file != null) DatabaseFiles.deleteQuietly(file);
    }
}
