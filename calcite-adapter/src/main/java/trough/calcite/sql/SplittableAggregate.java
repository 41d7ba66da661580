package trough.calcite.sql;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.RelBuilder;

/**
 * The aggregates Trough pushes into the fan-out, and how each splits: the calls each segment runs (the
 * partial half), the calls the merge runs over their columns (the final half), the value of the aggregate
 * from the final columns, and its value over no rows at all. Adding an aggregate is one entry here and an
 * oracle case. A DISTINCT aggregate of one argument splits the same way whatever it is ({@link AggregateSplit}).
 */
public enum SplittableAggregate {
    /** COUNT, then SUM of the counts, 0 when there are none. */
    COUNT(true, 1, (b, call, args) -> List.of(b.count(false, null, args)),
            (b, call, partial, group) -> List.of(b.sum(partial.get(0))),
            (b, last) -> b.call(SqlStdOperatorTable.COALESCE, last.get(0), b.getRexBuilder().makeExactLiteral(BigDecimal.ZERO))),
    SUM(false, 1, (b, call, args) -> List.of(b.sum(args.get(0))), SplittableAggregate::again, SplittableAggregate::asIs),
    MIN(false, 1, (b, call, args) -> List.of(b.min(args.get(0))), SplittableAggregate::again, SplittableAggregate::asIs),
    MAX(false, 1, (b, call, args) -> List.of(b.max(args.get(0))), SplittableAggregate::again, SplittableAggregate::asIs),
    /** SUM(x) and COUNT(x), then the sums of both, divided as REAL, as SQLite's AVG answers. */
    AVG(false, 2, (b, call, args) -> List.of(b.sum(args.get(0)), b.count(false, null, args)),
            (b, call, partial, group) -> List.of(b.sum(partial.get(0)), b.sum(partial.get(1))),
            SplittableAggregate::average),
    /** SQLite's TOTAL: the sum as REAL, 0.0 over no rows. */
    TOTAL(true, 1, (b, call, args) -> List.of(b.aggregateCall(SqliteFunctions.TOTAL, args)), SplittableAggregate::again, SplittableAggregate::asIs),
    /**
     * SQLite's GROUP_CONCAT(x [, separator]) per segment, then GROUP_CONCAT of those with the same separator
     * (the separator joins the partial GROUP BY, so that the merge has it).
     */
    GROUP_CONCAT(false, 1, (b, call, args) -> List.of(b.aggregateCall(SqliteFunctions.GROUP_CONCAT, args)),
            (b, call, partial, group) -> List.of(call.getArgList().size() == 2
                    ? b.aggregateCall(SqliteFunctions.GROUP_CONCAT, partial.get(0), group.apply(1))
                    : b.aggregateCall(SqliteFunctions.GROUP_CONCAT, partial.get(0))),
            SplittableAggregate::asIs);

    /** The calls of the partial half, over the aggregate's arguments. */
    @FunctionalInterface
    interface PartialCalls {
        List<RelBuilder.AggCall> of(RelBuilder builder, AggregateCall call, List<RexNode> args);
    }

    /**
     * The calls of the final half, over the partial half's columns for this aggregate ({@code partial}) and,
     * for an argument that joins the partial GROUP BY, its group column ({@code group}, by argument index).
     */
    @FunctionalInterface
    interface FinalCalls {
        List<RelBuilder.AggCall> of(RelBuilder builder, AggregateCall call, List<RexNode> partial, IntFunction<RexNode> group);
    }

    /** The aggregate's value from the final half's columns for it. */
    @FunctionalInterface
    interface Value {
        RexNode of(RelBuilder builder, List<RexNode> finalColumns);
    }

    private final boolean zeroOverNoRows;
    /** The columns its partial half gives: as many as {@link #partialCalls} makes. */
    private final int partialColumns;
    private final PartialCalls partial;
    private final FinalCalls merge;
    private final Value value;

    SplittableAggregate(boolean zeroOverNoRows, int partialColumns, PartialCalls partial, FinalCalls merge, Value value) {
        this.zeroOverNoRows = zeroOverNoRows;
        this.partialColumns = partialColumns;
        this.partial = partial;
        this.merge = merge;
        this.value = value;
    }

    /** The entry of {@code call}'s aggregate function, or null when Trough does not split it. */
    public static SplittableAggregate of(AggregateCall call) {
        if (call.getAggregation() == SqliteFunctions.TOTAL) return TOTAL;
        if (call.getAggregation() == SqliteFunctions.GROUP_CONCAT) return GROUP_CONCAT;
        return switch (call.getAggregation().getKind()) {
            case COUNT -> COUNT;
            case SUM -> SUM;
            case MIN -> MIN;
            case MAX -> MAX;
            case AVG -> AVG;
            default -> null;
        };
    }

    /** Whether SQLite answers 0 for it over no rows (else NULL). */
    public boolean zeroOverNoRows() {
        return zeroOverNoRows;
    }

    /** Arguments that join the partial GROUP BY, so that the final half can use them: GROUP_CONCAT's separator. */
    boolean groupsByArgument(AggregateCall call, int argument) {
        return this == GROUP_CONCAT && argument == 1 && call.getArgList().size() == 2;
    }

    List<RelBuilder.AggCall> partialCalls(RelBuilder builder, AggregateCall call, List<RexNode> args) {
        return partial.of(builder, call, args);
    }

    List<RelBuilder.AggCall> finalCalls(RelBuilder builder, AggregateCall call, List<RexNode> partialColumns, IntFunction<RexNode> group) {
        return merge.of(builder, call, partialColumns, group);
    }

    RexNode value(RelBuilder builder, List<RexNode> finalColumns) {
        return value.of(builder, finalColumns);
    }

    /** The final half: the same function over the partial column. */
    private static List<RelBuilder.AggCall> again(RelBuilder builder, AggregateCall call, List<RexNode> partial, IntFunction<RexNode> group) {
        return List.of(builder.aggregateCall(call.getAggregation(), partial.get(0)));
    }

    private static RexNode asIs(RelBuilder builder, List<RexNode> finalColumns) {
        return finalColumns.get(0);
    }

    private static RexNode average(RelBuilder builder, List<RexNode> finalColumns) {
        RexBuilder rex = builder.getRexBuilder();
        RelDataType real = builder.getTypeFactory().createTypeWithNullability(builder.getTypeFactory().createSqlType(SqlTypeName.DOUBLE), true);
        return builder.call(SqlStdOperatorTable.DIVIDE, rex.makeCast(real, finalColumns.get(0), true, false),
                builder.call(SqlStdOperatorTable.NULLIF, finalColumns.get(1), rex.makeExactLiteral(BigDecimal.ZERO)));
    }

    int partialColumns() {
        return partialColumns;
    }
}
