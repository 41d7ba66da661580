package trough.calcite.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * The client's half of a split query: the partial rows of every segment go into a scratch SQLite table
 * {@code p} (columns {@link #column}), and the merge query (final aggregates, HAVING, ORDER BY, LIMIT) runs there.
 * Running the merge on SQLite itself keeps SQLite's semantics (ordering of mixed types, NULLs first,
 * integer overflow, AVG as REAL) exactly, instead of approximating them in Java. The scratch database
 * spills to disk ({@link ScratchDatabase}), so a merge of a huge result (an ORDER BY without LIMIT over
 * millions of rows) does not fill the heap.
 */
public final class SqliteMerge {
    static final String TABLE = "p";

    private SqliteMerge() {}

    /**
     * Column {@code i} of the partial-rows table: a name no user writes as an alias, as the merge query
     * orders by its own columns' aliases, and SQLite reads a name in ORDER BY as an alias first.
     */
    public static String column(int i) {
        return "p$" + i;
    }

    static StatementRows run(RowSource partial, int partialWidth, String mergeSql, List<Object> parameters) {
        return run(partial, partialWidth, mergeSql, parameters, ScratchDatabase.CACHE_BYTES);
    }

    /** {@link #run} keeping at most {@code cacheBytes} of the partial rows in memory. */
    static StatementRows run(RowSource partial, int partialWidth, String mergeSql, List<Object> parameters, long cacheBytes) {
        List<TableShape.ColumnShape> columns = new ArrayList<>();
        for (int i = 0; i < partialWidth; i++) columns.add(new TableShape.ColumnShape(column(i), null));
        ScratchTable table = new ScratchTable("main", TABLE, columns);
        ScratchDatabase database;
        try {
            database = ScratchDatabase.create(List.of(table), null, cacheBytes);
        } catch (RuntimeException e) {
            partial.close();
            throw e;
        }
        try {
            database.load(table, partial);
            return database.query(mergeSql, parameters);
        } catch (TroughQueryException e) {
            database.close();
            throw new TroughQueryException("merging the segments' partial results failed: " + e.getMessage() + " (merge query: " + mergeSql + ")", e);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }
}
