package trough.calcite.rel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.tools.RelBuilder;
import trough.calcite.exec.FanOut;
import trough.calcite.exec.MergeOrder;
import trough.calcite.exec.RenderedSql;
import trough.calcite.schema.TroughTable;
import trough.calcite.sql.AggregateSplit;
import trough.calcite.sql.FragmentRenderer;
import trough.calcite.sql.SegmentPruner;
import trough.core.order.SortKey;
import trough.core.scan.PartialRows;

/**
 * How one pushed-down chain of operators (scan, then filters, projects, an aggregate, a sort) runs: the
 * fragment SQL sent to the segments, and the merge SQL run on the client over their rows. The first
 * aggregate or sort splits the chain; whatever stands above it runs in the merge, over all rows at once.
 */
public final class SplitPlan {
    /** The table whose source runs the fragment. */
    private final TroughTableScan scan;
    private final SegmentPruner pruner;
    private final RelNode fragment;
    /** The fragment's SQL on segments that have every column. */
    private final RenderedSql fragmentSql;
    /** How a worker combines the fragment's rows of its segments, or null when it sends them as they are. */
    private final String combineSql;
    private final RenderedSql mergeSql;
    private final MergeOrder mergeOrder;

    /** Renders the SQL of each part now: EXPLAIN and the fan-out show and run the same text. */
    private SplitPlan(TroughTableScan scan, SegmentPruner pruner, RelNode fragment, RelNode combine, RelNode merge, MergeOrder mergeOrder) {
        this.scan = scan;
        this.pruner = pruner;
        this.fragment = fragment;
        this.fragmentSql = FragmentRenderer.render(fragment, Set.of());
        this.combineSql = combine == null ? null : combineSql(combine);
        this.mergeSql = merge == null ? null : FragmentRenderer.render(merge, Set.of());
        this.mergeOrder = mergeOrder;
    }

    private static String combineSql(RelNode combine) {
        RenderedSql rendered = FragmentRenderer.render(combine, Set.of());
        if (!rendered.parameters().isEmpty()) throw new IllegalStateException("a combine query has no parameters: " + rendered.sql());
        return rendered.sql();
    }

    /**
     * The plan of the fan-out whose top operator is {@code top}: each operator adds itself ({@link TroughRel#implement}).
     *
     * @throws IncompleteException when an operator's input is not a Trough operator (a set of alternatives while planning)
     */
    static SplitPlan of(RelNode top) {
        Builder builder = new Builder();
        builder.visitInput(top);
        return builder.build();
    }

    /** A fan-out whose chain holds something other than Trough operators: a set of alternatives while planning. */
    static final class IncompleteException extends IllegalStateException {
        IncompleteException(RelNode input) {
            super("a fan-out holds only Trough operators, not " + input);
        }
    }

    /**
     * Gathers a fan-out's operators as each {@link TroughRel} adds itself, input first: the scan, the operators
     * pushed to the segments, the first aggregate or sort, which splits the chain, and what stands above it.
     */
    public static final class Builder {
        private TroughTableScan scan;
        /** The top of the operators below the split: the fragment, when nothing splits. */
        private RelNode pushed;
        private Aggregate splitAggregate;
        private Sort splitSort;
        private final List<RelNode> aboveSplit = new ArrayList<>();

        Builder() {}

        /** Lets {@code input}, the input of the operator being added, add itself (and what is below it) first. */
        void visitInput(RelNode input) {
            if (!(input instanceof TroughRel rel)) throw new IncompleteException(input);
            rel.implement(this);
        }

        void scan(TroughTableScan scan) {
            this.scan = scan;
            this.pushed = scan;
        }

        /** A filter or a project: on the segments below the split, in the merge above it. */
        void rowWise(RelNode operator) {
            if (hasSplit()) aboveSplit.add(operator);
            else pushed = operator;
        }

        void aggregate(Aggregate aggregate) {
            if (hasSplit()) aboveSplit.add(aggregate);
            else splitAggregate = aggregate;
        }

        void sort(Sort sort) {
            if (hasSplit()) aboveSplit.add(sort);
            else splitSort = sort;
        }

        private boolean hasSplit() {
            return splitAggregate != null || splitSort != null;
        }

        SplitPlan build() {
            if (scan == null) throw new IllegalStateException("a fan-out starts with a scan");
            SegmentPruner segments = SegmentPruner.of(scan.troughTable(), scan.getCluster().getRexBuilder(), scan.segmentConditions());
            if (!hasSplit()) return new SplitPlan(scan, segments, pushed, null, null, null);
            RelOptCluster cluster = scan.getCluster();
            RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(cluster, null);
            RelNode fragment;
            RelNode combine = null;
            RelNode merged;
            if (splitAggregate != null) {
                AggregateSplit parts = new AggregateSplit(splitAggregate);
                fragment = parts.partial(builder, pushed);
                RelNode partialRows = partialRows(cluster, fragment);
                combine = parts.combine(builder, partialRows);
                merged = parts.merge(builder, partialRows);
            } else {
                RexNode topN = topN(builder, splitSort);
                Sort streamed = streamedSort(builder, pushed, splitSort, aboveSplit, topN);
                if (streamed != null) {
                    return new SplitPlan(scan, segments, streamed, null, null, mergeOrder(streamed, splitSort.offset, splitSort.fetch));
                }
                fragment = topN == null && !splitSort.getCollation().getFieldCollations().isEmpty() ? pushed
                        : LogicalSort.create(pushed, splitSort.getCollation(), null, topN);
                merged = LogicalSort.create(partialRows(cluster, fragment), splitSort.getCollation(), splitSort.offset, splitSort.fetch);
            }
            for (RelNode above : aboveSplit) {
                merged = rebase(builder, above, merged);
            }
            return new SplitPlan(scan, segments, fragment, combine, merged, null);
        }
    }

    /**
     * The fragment of a sort whose rows can merge as they stream: each segment sorts its rows, already in
     * their final columns, and the client merges the sorted streams. That holds when all that stands above
     * the sort only picks columns (projects of plain column references, which Calcite often places above
     * a top-N) or repeats its order, and the sort keys survive the picking. Null otherwise.
     */
    private static Sort streamedSort(RelBuilder builder, RelNode below, Sort sort, List<RelNode> above, RexNode topN) {
        List<Integer> picked = new ArrayList<>(); // for each column of the top, its column below the sort
        for (int i = 0; i < sort.getRowType().getFieldCount(); i++) picked.add(i);
        List<RelFieldCollation> keys = sort.getCollation().getFieldCollations();
        for (RelNode node : above) {
            if (node instanceof Project project && project.getProjects().stream().allMatch(e -> e instanceof RexInputRef)) {
                List<Integer> before = picked;
                picked = project.getProjects().stream().map(e -> before.get(((RexInputRef) e).getIndex())).toList();
            } else if (!(node instanceof Sort again && again.offset == null && again.fetch == null && repeats(again, picked, keys))) {
                return null;
            }
        }
        List<RelFieldCollation> mapped = new ArrayList<>();
        for (RelFieldCollation key : keys) {
            int column = picked.indexOf(key.getFieldIndex());
            if (column < 0) return null;
            mapped.add(key.withFieldIndex(column));
        }
        RelNode top = above.isEmpty() ? below : above.get(above.size() - 1);
        RelNode columns = builder.push(below).project(builder.fields(picked), top.getRowType().getFieldNames(), true).build();
        return LogicalSort.create(columns, RelCollations.of(mapped), null, topN);
    }

    /** True when {@code again}, over columns {@code picked} from below the first sort, orders as a prefix of {@code keys}. */
    private static boolean repeats(Sort again, List<Integer> picked, List<RelFieldCollation> keys) {
        List<RelFieldCollation> order = again.getCollation().getFieldCollations();
        if (order.size() > keys.size()) return false;
        for (int i = 0; i < order.size(); i++) {
            if (!order.get(i).withFieldIndex(picked.get(order.get(i).getFieldIndex())).equals(keys.get(i))) return false;
        }
        return true;
    }

    /** The streaming merge of the segments' answers to {@code fragment}, a sort over the final columns. */
    private static MergeOrder mergeOrder(Sort fragment, RexNode offset, RexNode fetch) {
        List<SortKey> keys = new ArrayList<>();
        for (RelFieldCollation key : fragment.getCollation().getFieldCollations()) {
            boolean descending = key.getDirection().isDescending();
            boolean nullsFirst = switch (key.nullDirection) {
                case FIRST -> true;
                case LAST -> false;
                case UNSPECIFIED -> !descending;
            };
            keys.add(new SortKey(key.getFieldIndex(), descending, nullsFirst));
        }
        return new MergeOrder(keys, offset == null ? 0 : RexLiteral.longValue(offset), fetch == null ? -1 : RexLiteral.longValue(fetch));
    }

    /** Each segment's share of a LIMIT: offset + fetch rows, or null when there is no LIMIT. */
    private static RexNode topN(RelBuilder builder, Sort sort) {
        if (sort.fetch == null) return null;
        long fetch = RexLiteral.longValue(sort.fetch);
        long offset = sort.offset == null ? 0 : RexLiteral.longValue(sort.offset);
        return builder.literal(fetch + offset);
    }

    /** A scan of the merge table {@code p}, whose columns hold the fragment's output. */
    private static RelNode partialRows(RelOptCluster cluster, RelNode fragment) {
        RelDataType fragmentType = fragment.getRowType();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < fragmentType.getFieldCount(); i++) names.add(PartialRows.column(i));
        RelDataType type = cluster.getTypeFactory().createStructType(
                fragmentType.getFieldList().stream().map(f -> f.getType()).toList(), names);
        RelOptTable table = RelOptTableImpl.create(null, type, List.of(PartialRows.TABLE), null);
        return LogicalTableScan.create(cluster, table, List.of());
    }

    /** Rebuilds an operator of the chain over a new input with the same columns (types may differ in nullability). */
    private static RelNode rebase(RelBuilder builder, RelNode operator, RelNode input) {
        RexShuttle retype = new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return RexInputRef.of(ref.getIndex(), input.getRowType());
            }
        };
        builder.push(input);
        if (operator instanceof Filter filter) {
            return builder.filter(filter.getCondition().accept(retype)).build();
        }
        if (operator instanceof Project project) {
            return builder.project(retype.apply(project.getProjects()), project.getRowType().getFieldNames(), true).build();
        }
        if (operator instanceof Sort sort) {
            builder.clear();
            return LogicalSort.create(input, sort.getCollation(), sort.offset, sort.fetch);
        }
        if (operator instanceof Aggregate aggregate) {
            List<RelBuilder.AggCall> calls = new ArrayList<>();
            for (var call : aggregate.getAggCallList()) {
                calls.add(builder.aggregateCall(call.getAggregation(), builder.fields(call.getArgList())).distinct(call.isDistinct()));
            }
            return builder.aggregate(builder.groupKey(aggregate.getGroupSet()), calls).build();
        }
        throw new IllegalStateException("cannot run in the merge: " + operator);
    }

    /** The segments the plan reads as they are listed now (an execution lists them again). */
    public int segmentCount() {
        return pruner.prune(scan.troughTable(), null).size();
    }

    /** Width of the rows the fragment answers. */
    public int partialWidth() {
        return fragment.getRowType().getFieldCount();
    }

    /**
     * Where the fragment runs, decided at each execution: its SQL is rendered now for every set of columns
     * the table's segments lack (segments differ only when schemas evolved).
     */
    public FanOut fanOut() {
        TroughTable table = scan.troughTable();
        Map<Set<String>, RenderedSql> renderings = new HashMap<>();
        renderings.put(Set.of(), fragmentSql);
        for (Set<String> columns : table.source().columnSets(table.shape().name())) {
            renderings.computeIfAbsent(SegmentFanOut.missing(table.shape(), columns), missing -> FragmentRenderer.render(fragment, missing));
        }
        List<String> name = scan.getTable().getQualifiedName();
        return new SegmentFanOut(name.get(name.size() - 2), table.shape(), pruner, renderings, combineSql);
    }

    /** SQL for the fragment as it runs on segments that have every column. */
    public String fragmentSql() {
        return fragmentSql.sql();
    }

    /** How a worker combines the fragment's rows of all its segments ({@link trough.calcite.exec.Fragment#combine}), or null. */
    public String combineSql() {
        return combineSql;
    }

    /** The merge SQL over {@code p}, or null when rows pass straight through or merge in order as they stream. */
    public RenderedSql mergeSql() {
        return mergeSql;
    }

    /** How rows that come sorted from the segments merge as they stream, or null when they do not. */
    public MergeOrder mergeOrder() {
        return mergeOrder;
    }

    public TroughTable table() {
        return scan.troughTable();
    }
}
