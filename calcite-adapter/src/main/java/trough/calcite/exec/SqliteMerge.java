package trough.calcite.exec;

import java.util.ArrayList;
import java.util.List;
import trough.core.client.RowSource;
import trough.core.client.TroughQueryException;
import trough.core.scan.PartialRows;

/**
 * The client's half of a split query: the partial rows of every segment go into a scratch SQLite table
 * {@link PartialRows#TABLE} (columns {@link PartialRows#column}), and the merge query (final aggregates, HAVING, ORDER BY, LIMIT) runs there.
 * Running the merge on SQLite itself keeps SQLite's semantics (ordering of mixed types, NULLs first,
 * integer overflow, AVG as REAL) exactly, instead of approximating them in Java. The scratch database
 * spills to disk ({@link ScratchDatabase}), so a merge of a huge result (an ORDER BY without LIMIT over
 * millions of rows) does not fill the heap.
 */
public final class SqliteMerge {
    private SqliteMerge() {}

    static StatementRows run(RowSource partial, int partialWidth, String mergeSql, List<Object> parameters) {
        return run(partial, partialWidth, mergeSql, parameters, ScratchDatabase.CACHE_BYTES);
    }

    /** {@link #run} keeping at most {@code cacheBytes} of the partial rows in memory. */
    static StatementRows run(RowSource partial, int partialWidth, String mergeSql, List<Object> parameters, long cacheBytes) {
        List<TableShape.ColumnShape> columns = new ArrayList<>();
        for (int i = 0; i < partialWidth; i++) columns.add(new TableShape.ColumnShape(PartialRows.column(i), null));
        ScratchTable table = new ScratchTable("main", PartialRows.TABLE, columns);
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
