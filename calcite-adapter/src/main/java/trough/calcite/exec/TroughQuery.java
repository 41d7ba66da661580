package trough.calcite.exec;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import trough.core.client.RowSource;

/**
 * A planned query over segments, as it runs: the fragments sent to segments, and the merge query run on the
 * client over their partial rows (absent when rows only need to be passed on). Built by the planner,
 * executed by generated code through {@link #enumerable}. It holds nothing of the connection that planned
 * it: the segments and where they run come from {@link FanOut} at each execution.
 *
 * @param partialWidth columns of a fragment's rows
 * @param mergeSql     SQLite query over {@code p} holding every partial row (columns {@link trough.core.scan.PartialRows#column}), or null
 * @param mergeOrder   how rows that come sorted from the segments merge as they stream, or null
 * @param width        columns of the final rows
 * @param coercion     turns SQLite's values into the Java classes of the declared column types
 */
public record TroughQuery(FanOut fanOut, int partialWidth, RenderedSql mergeSql, MergeOrder mergeOrder, int width, ValueCoercion coercion) {

    public Enumerable<Object> enumerable(DataContext context) {
        AtomicBoolean cancelFlag = DataContext.Variable.CANCEL_FLAG.get(context);
        Long timeout = DataContext.Variable.TIMEOUT.get(context);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                FanOut.Target target = fanOut.at(context);
                long timeoutMillis = timeout != null && timeout > 0 ? timeout : target.settings().defaultTimeoutMillis();
                CancelWatch watch = CancelWatch.start(cancelFlag, timeoutMillis, target.settings().watchdog());
                try {
                    return new RowEnumerator(open(context, target, timeoutMillis, watch), width, coercion, watch);
                } catch (RuntimeException e) {
                    watch.close();
                    throw e;
                }
            }
        };
    }

    private RowSource open(DataContext context, FanOut.Target target, long timeoutMillis, CancelWatch watch) {
        SegmentExecutor executor = target.executor();
        List<Fragment> bound = target.fragments().stream().map(f -> f.bind(f.sql().values(context))).toList();
        int fetchSize = target.settings().fetchSizes().of(context);
        if (mergeOrder != null) {
            long needed = mergeOrder.rowsNeeded();
            RowSource rows = mergeOrder.keys().isEmpty() ? executor.execute(bound, needed, timeoutMillis, fetchSize)
                    : executor.executeSorted(bound, mergeOrder.keys(), needed, timeoutMillis, fetchSize);
            return watch.watch(new WindowRows(rows, mergeOrder.offset(), mergeOrder.fetch()));
        }
        RowSource rows = watch.watch(executor.execute(bound, 0, timeoutMillis, fetchSize));
        if (mergeSql == null) return rows;
        return watch.watch(SqliteMerge.run(rows, partialWidth, mergeSql.sql(), mergeSql.values(context)));
    }
}
