package trough.calcite.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.tools.RelBuilder;
import trough.calcite.sql.SplittableAggregate;

/**
 * Answers an aggregate over input the planner proved empty ({@code WHERE 1 = 0}) as SQLite does: one row
 * with COUNT 0, TOTAL 0.0 and every other aggregate NULL, or no row when grouped. Such a query never reaches a segment,
 * and Calcite itself cannot run every aggregate on every type (MIN over ANY, for one).
 */
public final class EmptyAggregateRule extends RelOptRule {
    public static final EmptyAggregateRule INSTANCE = new EmptyAggregateRule();

    // Calcite 1.42 builds rule configurations with the Immutables annotation processor; the operand
    // constructor does the same without it.
    @SuppressWarnings("deprecation")
    private EmptyAggregateRule() {
        super(operand(Aggregate.class, operand(Values.class, none())), "TroughEmptyAggregateRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        Aggregate aggregate = call.rel(0);
        Values values = call.rel(1);
        if (!values.getTuples().isEmpty()) return;
        RelBuilder builder = call.builder();
        if (aggregate.getGroupCount() > 0) {
            call.transformTo(builder.values(aggregate.getRowType()).build());
            return;
        }
        RexBuilder rex = builder.getRexBuilder();
        List<RexLiteral> row = new ArrayList<>();
        for (AggregateCall aggregateCall : aggregate.getAggCallList()) {
            SplittableAggregate split = SplittableAggregate.of(aggregateCall);
            boolean zero = split != null && split.zeroOverNoRows();
            row.add(zero ? rex.makeLiteral(BigDecimal.ZERO, aggregateCall.getType()) : rex.makeNullLiteral(aggregateCall.getType()));
        }
        call.transformTo(builder.values(List.of(row), aggregate.getRowType()).build());
    }

}
