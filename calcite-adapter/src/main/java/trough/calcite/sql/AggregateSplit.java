package trough.calcite.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Splits an aggregate into a partial half, run on each segment, and a final half, run in the merge over
 * the union of the partial rows:
 *
 * <ul>
 *   <li>COUNT → COUNT, then SUM of the counts (0 when there are none);
 *   <li>SUM, TOTAL, MIN, MAX → the same, then the same again;
 *   <li>AVG(x) → SUM(x) and COUNT(x), then SUM / SUM as REAL, as SQLite's AVG answers;
 *   <li>GROUP_CONCAT(x, sep) → the same per segment, then GROUP_CONCAT of those with the same separator
 *       (the separator joins the partial GROUP BY, so that the merge has it);
 *   <li>any DISTINCT aggregate of x → x joins the partial GROUP BY (each segment's distinct values), then the
 *       aggregate itself, DISTINCT, in the merge.
 * </ul>
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
            if (call.isDistinct()) groups.set(call.getArgList().get(0));
            if (!call.isDistinct() && isGroupConcat(call) && call.getArgList().size() == 2) groups.set(call.getArgList().get(1));
        }
        this.partialGroups = groups.build();
    }

    /** The partial aggregate over {@code input} (the aggregate's own input, or an equivalent). */
    public RelNode partial(RelBuilder builder, RelNode input) {
        builder.push(input);
        List<RelBuilder.AggCall> calls = new ArrayList<>();
        for (AggregateCall call : aggregate.getAggCallList()) {
            if (call.isDistinct()) continue;
            List<RexNode> args = builder.fields(call.getArgList());
            switch (call.getAggregation().getKind()) {
                case COUNT -> calls.add(builder.count(false, null, args));
                case SUM -> calls.add(builder.sum(args.get(0)));
                case MIN -> calls.add(builder.min(args.get(0)));
                case MAX -> calls.add(builder.max(args.get(0)));
                case AVG -> {
                    calls.add(builder.sum(args.get(0)));
                    calls.add(builder.count(false, null, args));
                }
                default -> {
                    if (call.getAggregation() != SqliteFunctions.TOTAL && !isGroupConcat(call)) throw new IllegalStateException("not splittable: " + call);
                    calls.add(builder.aggregateCall(call.getAggregation(), args));
                }
            }
        }
        return builder.aggregate(builder.groupKey(partialGroups), calls).build();
    }

    private static boolean isGroupConcat(AggregateCall call) {
        return call.getAggregation() == SqliteFunctions.GROUP_CONCAT;
    }

    /** The final aggregate over {@code partialRows}, whose columns are the partial aggregate's. */
    public RelNode merge(RelBuilder builder, RelNode partialRows) {
        builder.push(partialRows);
        List<Integer> partialGroupList = partialGroups.asList();
        int firstPartialCall = partialGroupList.size();
        ImmutableBitSet.Builder finalGroups = ImmutableBitSet.builder();
        for (int group : aggregate.getGroupSet()) finalGroups.set(partialGroupList.indexOf(group));

        List<RelBuilder.AggCall> calls = new ArrayList<>();
        int next = firstPartialCall;
        for (AggregateCall call : aggregate.getAggCallList()) {
            SqlKind kind = call.getAggregation().getKind();
            if (call.isDistinct()) {
                RexNode value = builder.field(partialGroupList.indexOf(call.getArgList().get(0)));
                calls.add(builder.aggregateCall(call.getAggregation(), value).distinct(true));
            } else if (kind == SqlKind.AVG) {
                calls.add(builder.sum(builder.field(next++)));
                calls.add(builder.sum(builder.field(next++)));
            } else if (isGroupConcat(call) && call.getArgList().size() == 2) {
                calls.add(builder.aggregateCall(call.getAggregation(), builder.field(next++),
                        builder.field(partialGroupList.indexOf(call.getArgList().get(1)))));
            } else {
                calls.add(builder.aggregateCall(kind == SqlKind.COUNT ? SqlStdOperatorTable.SUM : call.getAggregation(),
                        builder.field(next++)));
            }
        }
        int groupCount = aggregate.getGroupCount();
        builder.aggregate(builder.groupKey(finalGroups.build()), calls);

        RexBuilder rex = builder.getRexBuilder();
        RelDataType real = builder.getTypeFactory().createTypeWithNullability(
                builder.getTypeFactory().createSqlType(SqlTypeName.DOUBLE), true);
        List<RexNode> outputs = new ArrayList<>(builder.fields(ImmutableBitSet.range(groupCount)));
        int field = groupCount;
        for (AggregateCall call : aggregate.getAggCallList()) {
            SqlKind kind = call.getAggregation().getKind();
            if (!call.isDistinct() && kind == SqlKind.AVG) {
                RexNode sum = builder.field(field++);
                RexNode count = builder.field(field++);
                outputs.add(builder.call(SqlStdOperatorTable.DIVIDE, rex.makeCast(real, sum, true, false),
                        builder.call(SqlStdOperatorTable.NULLIF, count, rex.makeExactLiteral(java.math.BigDecimal.ZERO))));
            } else if (!call.isDistinct() && kind == SqlKind.COUNT) {
                outputs.add(builder.call(SqlStdOperatorTable.COALESCE, builder.field(field++), rex.makeExactLiteral(java.math.BigDecimal.ZERO)));
            } else {
                outputs.add(builder.field(field++));
            }
        }
        return builder.project(outputs, aggregate.getRowType().getFieldNames(), true).build();
    }
}
