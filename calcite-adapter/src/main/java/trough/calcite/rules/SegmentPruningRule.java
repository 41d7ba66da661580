package trough.calcite.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;
import trough.calcite.rel.TroughFilter;
import trough.calcite.rel.TroughTableScan;

/**
 * Marks a WHERE's conditions on {@code _segment} as the scan's pruning conditions: the fan-out then reads only
 * the segments they can hold rows of. Marked, not evaluated: a plan is kept and run again, against the
 * segments listed at each execution and the statement's parameter values ({@link trough.calcite.sql.SegmentPruner}).
 * The filter stays as it is, so the conditions still run in SQL.
 */
public final class SegmentPruningRule extends RelOptRule {
    public static final SegmentPruningRule INSTANCE = new SegmentPruningRule();

    // As EmptyAggregateRule: the operand constructor, without the Immutables annotation processor.
    @SuppressWarnings("deprecation")
    private SegmentPruningRule() {
        super(operand(TroughFilter.class, operand(TroughTableScan.class, none())), "TroughSegmentPruningRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        TroughFilter filter = call.rel(0);
        TroughTableScan scan = call.rel(1);
        if (!scan.segmentConditions().isEmpty()) return;
        ImmutableBitSet segmentColumn = ImmutableBitSet.of(scan.troughTable().shape().columns().size());
        List<RexNode> onSegment = new ArrayList<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
            if (RelOptUtil.InputFinder.bits(conjunct).intersects(segmentColumn)) onSegment.add(conjunct);
        }
        if (onSegment.isEmpty()) return;
        call.transformTo(filter.copy(filter.getTraitSet(), scan.pruned(onSegment), filter.getCondition()));
    }
}
