package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import trough.calcite.exec.CancelWatch;
import trough.calcite.exec.Fragment;
import trough.calcite.exec.QuerySettings;
import trough.calcite.exec.RenderedSql;
import trough.calcite.exec.RowEnumerator;
import trough.calcite.exec.ScratchDatabase;
import trough.calcite.exec.ScratchTable;
import trough.calcite.exec.ValueCoercion;
import trough.calcite.schema.ConnectionCatalog;
import trough.calcite.schema.SegmentTable;
import trough.calcite.schema.TroughTable;
import trough.core.client.RowSource;
import trough.core.client.TroughQueryException;
import trough.core.segment.SegmentId;

/**
 * A statement as it runs when SQLite on the client answers it: each Trough table it reads comes from its
 * segments (each segment already dropping the rows no reference to the table can use) into the client's
 * scratch database, and the statement runs there as the user wrote it. Joins, subqueries, window functions,
 * set operations and every SQLite function then behave exactly as on one SQLite database. An execution whose
 * tables all come from one segment sends the statement there instead ({@link PinnedStatement}): the same
 * SQLite over the same rows, with only the answer coming back.
 *
 * @param emptyTables  tables the statement names but does not read (SQLite drops an unused LEFT JOIN): they
 *                     must exist for it to compile
 * @param sql          the statement as it runs on the scratch database, with all the statement's parameters
 * @param pinned       the statement as it runs whole on a segment, with the same parameters, when it can: an
 *                     execution whose tables all come from one segment sends it there instead of fetching them
 * @param rowType      its columns, as JDBC shows them
 * @param parameterRow its parameters' types
 *
 * <p>It holds nothing of the connection that prepared it: each execution finds the tables, their segments
 * and the connection's settings in the connection that runs it.
 */
record ScratchQuery(List<TableFetch> fetches, List<ScratchTable> emptyTables, String defaultSchema, RenderedSql sql, PinnedCandidate pinned,
                    RelDataType rowType, RelDataType parameterRow, ValueCoercion coercion) {

    Enumerable<Object> enumerable(DataContext context) {
        AtomicBoolean cancelFlag = DataContext.Variable.CANCEL_FLAG.get(context);
        Long timeout = DataContext.Variable.TIMEOUT.get(context);
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object> enumerator() {
                QuerySettings settings = ConnectionCatalog.settings(context);
                long timeoutMillis = timeout != null && timeout > 0 ? timeout : settings.defaultTimeoutMillis();
                CancelWatch watch = CancelWatch.start(cancelFlag, timeoutMillis, settings.watchdog());
                int fetchSize = settings.fetchSizes().of(context);
                ScratchDatabase database = null;
                try {
                    List<TroughTable> current = new ArrayList<>();
                    List<List<SegmentTable>> chosen = new ArrayList<>();
                    for (TableFetch fetch : fetches) {
                        TroughTable table = current(fetch, context);
                        current.add(table);
                        chosen.add(fetch.segments(table, context));
                    }
                    SegmentId segment = pinned == null ? null : pinnedSegment(current, chosen);
                    PinnedStatement statement = segment == null ? null : pinned.checked();
                    if (statement != null) {
                        Fragment whole = onSegment(statement, segment, chosen, context);
                        RowSource rows = current.get(0).source().executor().execute(List.of(whole), 0, watch.remainingMillis(), fetchSize);
                        return new RowEnumerator(watch.watch(rows), rowType.getFieldCount(), coercion, watch);
                    }
                    List<ScratchTable> tables = new ArrayList<>(emptyTables);
                    fetches.forEach(fetch -> tables.add(fetch.scratch()));
                    database = ScratchDatabase.create(tables, defaultSchema);
                    for (int i = 0; i < fetches.size(); i++) {
                        TableFetch fetch = fetches.get(i);
                        List<Fragment> fragments = new ArrayList<>();
                        for (Fragment fragment : fetch.fragments(chosen.get(i))) {
                            fragments.add(fragment.bind(fragment.sql().values(context)));
                        }
                        if (fragments.isEmpty()) continue;
                        RowSource rows = current.get(i).source().executor().execute(fragments, 0, watch.remainingMillis(), fetchSize);
                        database.load(fetch.scratch(), watch.watch(rows));
                    }
                    RowSource rows = watch.watch(database.query(sql.sql(), sql.values(context)));
                    return new RowEnumerator(rows, rowType.getFieldCount(), coercion, watch);
                } catch (RuntimeException e) {
                    watch.close();
                    if (database != null) database.close();
                    throw e;
                }
            }
        };
    }

    /**
     * The one segment every table's rows come from in this execution, or null when they come from several (or
     * none, or from different sources): then the client runs the statement over the fetched rows.
     */
    private static SegmentId pinnedSegment(List<TroughTable> tables, List<List<SegmentTable>> chosen) {
        SegmentId segment = null;
        for (int i = 0; i < tables.size(); i++) {
            if (chosen.get(i).size() != 1 || tables.get(i).source() != tables.get(0).source()) return null;
            SegmentId id = chosen.get(i).get(0).segment();
            if (segment != null && !segment.equals(id)) return null;
            segment = id;
        }
        return segment;
    }

    /** The statement as one read of {@code segment}, its tables having there the columns {@code chosen} lists. */
    private Fragment onSegment(PinnedStatement pinned, SegmentId segment, List<List<SegmentTable>> chosen, DataContext context) {
        Map<String, Set<String>> columns = new HashMap<>();
        for (int i = 0; i < fetches.size(); i++) columns.put(fetches.get(i).table().key(), chosen.get(i).get(0).columns());
        String text = pinned.sql(segment, table -> columns.get(table.key()), TableReference.QualifiedTable::name);
        RenderedSql rendered = new RenderedSql(text, sql.parameters(), sql.dateTimeParameters());
        return new Fragment(rendered, null, List.of(segment)).bind(rendered.values(context));
    }

    /** The fetched table in the connection running the query, as it was when the query was prepared. */
    private static TroughTable current(TableFetch fetch, DataContext context) {
        TroughTable table = fetch.table().in(context);
        if (!table.shape().equals(fetch.table().shape())) {
            throw new TroughQueryException("table " + fetch.table().schema() + "." + fetch.table().name() + " changed since this statement was prepared "
                    + "(its columns are now " + table.shape().columns() + "); prepare the statement again");
        }
        return table;
    }

    /** How it runs in the connection of {@code context}, for EXPLAIN. */
    String explain(DataContext context) {
        StringJoiner plan = new StringJoiner("\n");
        List<TroughTable> current = new ArrayList<>();
        fetches.forEach(fetch -> current.add(current(fetch, context)));
        boolean chosenNow = fetches.stream().allMatch(fetch -> fetch.segmentCondition() == null || fetch.segmentCondition().parameters().isEmpty());
        if (pinned != null && chosenNow) {
            List<List<SegmentTable>> chosen = new ArrayList<>();
            for (int i = 0; i < fetches.size(); i++) chosen.add(fetches.get(i).segments(current.get(i), context));
            SegmentId segment = pinnedSegment(current, chosen);
            PinnedStatement statement = segment == null ? null : pinned.checked();
            if (statement != null) {
                plan.add("ScratchQuery(runs whole on segment " + segment + ", which holds every row of the " + fetches.size() + " table(s) it reads)");
                plan.add("  sends: " + onSegment(statement, segment, chosen, context).sql().sql());
                return plan.toString();
            }
        }
        plan.add("ScratchQuery(runs on the client's SQLite after fetching " + fetches.size() + " table(s))");
        for (int i = 0; i < fetches.size(); i++) {
            TableFetch fetch = fetches.get(i);
            TroughTable table = current.get(i);
            int all = table.segments().size();
            RenderedSql chooser = fetch.segmentCondition();
            String chosen = chooser == null ? all + " segment(s)"
                    : chooser.parameters().isEmpty() ? fetch.segments(table, context).size() + " of " + all + " segment(s)"
                    : "the segments where " + chooser.sql() + " of " + all;
            plan.add("  fetch " + fetch.table().schema() + "." + fetch.table().name() + " from " + chosen + ": " + fetch.fragmentSql());
        }
        plan.add("  then: " + sql.sql());
        if (pinned != null && !chosenNow && pinned.checked() != null) plan.add("  or, when the parameters choose one segment for every table: runs whole on that segment");
        return plan.toString();
    }
}
