package trough.calcite.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Splits an aggregate into a partial half, run on each segment, and a final half, run in the merge over
 * the union of the partial rows, each aggregate as its {@link SplittableAggregate} entry says; any DISTINCT
 * aggregate of x instead has x join the partial GROUP BY (each segment's distinct values), then runs itself,
 * DISTINCT, in the merge.
 *
 * The final half ends with a projection that puts the columns back in the original aggregate's order, so
 * what stood above the aggregate can stand above the final half unchanged.
 */
public final class AggregateSplit {
    private final Aggregate aggregate;
    private final ImmutableBitSet partialGroups;

    public AggregateSplit(Aggregate aggregate) {
        this.aggregate = aggregate;
        ImmutableBitSet.Builder groups = aggregate.getGroupSet().rebuild();
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (call.isDistinct()) {
                groups.set(call.getArgList().get(0));
                continue;
            }
            for (int argument = 0; argument < call.getArgList().size(); argument++) {
                if (split(call).groupsByArgument(call, argument)) groups.set(call.getArgList().get(argument));
            }
        }
        this.partialGroups = groups.build();
    }

    /** Whether every call of the aggregate splits (see {@link SplittableAggregate}). */
    public static boolean isSplittable(Aggregate aggregate) {
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) return false;
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (SplittableAggregate.of(call) == null) return false;
            if (call.filterArg >= 0 || !call.getCollation().getFieldCollations().isEmpty() || call.isApproximate()) return false;
            if (call.isDistinct() && call.getArgList().size() != 1) return false;
        }
        return true;
    }

    /** The partial aggregate over {@code input} (the aggregate's own input, or an equivalent). */
    public RelNode partial(RelBuilder builder, RelNode input) {
        builder.push(input);
        List<RelBuilder.AggCall> calls = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (!call.isDistinct()) calls.addAll(split(call).partialCalls(builder, call, builder.fields(call.getArgList())));
        }
        return builder.aggregate(builder.groupKey(partialGroups), calls).build();
    }

    /**
     * The partial rows of several segments combined into partial rows again, over {@code partialRows} (whose
     * columns are the partial aggregate's): each aggregate's final calls, grouped by every partial group. A
     * worker runs it over the rows of all its segments, so that it sends one result, not one per segment.
     */
    public RelNode combine(RelBuilder builder, RelNode partialRows) {
        builder.push(partialRows);
        List<Integer> partialGroupList = partialGroups.asList();
        List<RelBuilder.AggCall> calls = new ArrayList<>();
        int next = partialGroupList.size();
        for (AggregateCall call : aggregate.getAggCallList()) {
            // A DISTINCT aggregate's argument is a partial group: grouping by it combines its values.
            if (call.isDistinct()) continue;
            calls.addAll(finalCalls(builder, call, partialGroupList, next));
            next += split(call).partialColumns();
        }
        return builder.aggregate(builder.groupKey(ImmutableBitSet.range(partialGroupList.size())), calls).build();
    }

    /** The final aggregate over {@code partialRows}, whose columns are the partial aggregate's. */
    public RelNode merge(RelBuilder builder, RelNode partialRows) {
        builder.push(partialRows);
        List<Integer> partialGroupList = partialGroups.asList();
        ImmutableBitSet.Builder finalGroups = ImmutableBitSet.builder();
        for (int group : aggregate.getGroupSet()) finalGroups.set(partialGroupList.indexOf(group));

        List<RelBuilder.AggCall> calls = new ArrayList<>();
        List<Integer> finalColumns = new ArrayList<>();
        int next = partialGroupList.size();
        for (AggregateCall call : aggregate.getAggCallList()) {
            List<RelBuilder.AggCall> finals;
            if (call.isDistinct()) {
                RexNode value = builder.field(partialGroupList.indexOf(call.getArgList().get(0)));
                finals = List.of(builder.aggregateCall(call.getAggregation(), value).distinct(true));
            } else {
                finals = finalCalls(builder, call, partialGroupList, next);
                next += split(call).partialColumns();
            }
            calls.addAll(finals);
            finalColumns.add(finals.size());
        }
        int groupCount = aggregate.getGroupCount();
        builder.aggregate(builder.groupKey(finalGroups.build()), calls);

        List<RexNode> outputs = new ArrayList<>(builder.fields(ImmutableBitSet.range(groupCount)));
        int field = groupCount;
        for (int c = 0; c < aggregate.getAggCallList().size(); c++) {
            AggregateCall call = aggregate.getAggCallList().get(c);
            List<RexNode> columns = new ArrayList<>();
            for (int i = 0; i < finalColumns.get(c); i++) columns.add(builder.field(field++));
            outputs.add(call.isDistinct() ? columns.get(0) : split(call).value(builder, columns));
        }
        return builder.project(outputs, aggregate.getRowType().getFieldNames(), true).build();
    }

    /** The final calls of a non-DISTINCT {@code call} whose partial columns start at {@code firstColumn} of the builder's top. */
    private static List<RelBuilder.AggCall> finalCalls(RelBuilder builder, AggregateCall call, List<Integer> partialGroupList, int firstColumn) {
        SplittableAggregate split = split(call);
        List<RexNode> partial = new ArrayList<>();
        for (int i = 0; i < split.partialColumns(); i++) partial.add(builder.field(firstColumn + i));
        return split.finalCalls(builder, call, partial, argument -> builder.field(partialGroupList.indexOf(call.getArgList().get(argument))));
    }

    private static SplittableAggregate split(AggregateCall call) {
        SplittableAggregate split = SplittableAggregate.of(call);
        if (split == null) throw new IllegalStateException("not splittable: " + call);
        return split;
    }
}
