package trough.calcite.rel;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.DataContext;
import trough.calcite.exec.FanOut;
import trough.calcite.exec.Fragment;
import trough.calcite.exec.RenderedSql;
import trough.calcite.exec.TableShape;
import trough.calcite.schema.ConnectionCatalog;
import trough.calcite.schema.SegmentTable;
import trough.calcite.schema.TroughTable;
import trough.calcite.sql.SegmentPruner;
import trough.core.client.TroughQueryException;
import trough.core.segment.SegmentId;

/**
 * A fan-out over one table, as a plan keeps it: the table's name and columns, its conditions on
 * {@code _segment}, and the fragment's SQL for each set of columns the table's segments lack (schemas
 * evolve). Each execution lists the table's segments in the running connection, prunes them with the
 * statement's parameter values, and sends each the SQL for the columns it has.
 */
final class SegmentFanOut implements FanOut {
    private final String schema;
    private final TableShape shape;
    private final SegmentPruner pruner;
    private final Map<Set<String>, RenderedSql> fragments;
    private final String combine;

    /** {@code combine}: how a worker combines the rows of its segments ({@link Fragment#combine}), or null. */
    SegmentFanOut(String schema, TableShape shape, SegmentPruner pruner, Map<Set<String>, RenderedSql> fragments, String combine) {
        this.schema = schema;
        this.shape = shape;
        this.pruner = pruner;
        this.fragments = Map.copyOf(fragments);
        this.combine = combine;
    }

    @Override
    public Target at(DataContext context) {
        TroughTable table = ConnectionCatalog.table(context, schema, shape.name());
        if (!table.shape().equals(shape)) throw changed("its columns are now " + table.shape().columns());
        Map<Set<String>, List<SegmentId>> groups = new LinkedHashMap<>();
        // Segments share their column sets (one, unless schemas evolved): work out each set's missing columns once.
        Map<Set<String>, Set<String>> missingByColumns = new IdentityHashMap<>();
        for (SegmentTable segment : pruner.prune(table, context)) {
            Set<String> missing = missingByColumns.computeIfAbsent(segment.columns(), columns -> missing(shape, columns));
            groups.computeIfAbsent(missing, m -> new ArrayList<>()).add(segment.segment());
        }
        List<Fragment> planned = new ArrayList<>(groups.size());
        groups.forEach((missing, segments) -> {
            RenderedSql sql = fragments.get(missing);
            if (sql == null) throw changed("segment " + segments.get(0) + " lacks columns " + missing);
            planned.add(new Fragment(sql, combine, segments));
        });
        return new Target(table.source().executor(), planned, table.settings());
    }

    /** The table's columns (lower case) missing from a segment's {@code columns}. */
    static Set<String> missing(TableShape shape, Set<String> columns) {
        Set<String> missing = new TreeSet<>();
        for (TableShape.ColumnShape column : shape.columns()) {
            String name = column.name().toLowerCase(Locale.ROOT);
            if (!columns.contains(name)) missing.add(name);
        }
        return missing;
    }

    private TroughQueryException changed(String how) {
        return new TroughQueryException("table " + schema + "." + shape.name() + " changed since this statement was prepared (" + how
                + "); prepare the statement again");
    }
}
