package trough.calcite.rules;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexNode;
import trough.calcite.rel.TroughJoin;
import trough.calcite.rel.TroughRel;
import trough.calcite.rel.TroughTableScan;
import trough.calcite.schema.SegmentTable;
import trough.calcite.sql.SegmentPruner;
import trough.calcite.sql.SqliteExpressions;

/**
 * Pushes a join down whole when each side filters its table to the same one segment
 * ({@code ... WHERE t._segment = 'x' AND u._segment = 'x'}): the segment holds both tables, so SQLite joins
 * them there. Joins over several segments run on the client, over pushed-down scans.
 */
public final class SingleSegmentJoinRule extends RelOptRule {
    public static final SingleSegmentJoinRule INSTANCE = new SingleSegmentJoinRule();

    // Calcite 1.42 builds rule configurations with the Immutables annotation processor; the operand
    // constructor does the same without it.
    @SuppressWarnings("deprecation")
    private SingleSegmentJoinRule() {
        super(operand(LogicalJoin.class, any()), "TroughSingleSegmentJoinRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalJoin join = call.rel(0);
        RelNode left = join.getLeft();
        RelNode right = join.getRight();
        if (join.getJoinType() != JoinRelType.INNER && join.getJoinType() != JoinRelType.LEFT) return;
        if (!SqliteExpressions.canRender(join.getCondition())) return;
        Pin leftPin = pin(left);
        Pin rightPin = pin(right);
        if (leftPin == null || rightPin == null || leftPin.scan().troughTable().source() != rightPin.scan().troughTable().source()
                || !leftPin.segment().segment().equals(rightPin.segment().segment())) {
            return;
        }
        call.transformTo(new TroughJoin(join.getCluster(), join.getTraitSet().replace(TroughRel.CONVENTION),
                convert(left, left.getTraitSet().replace(TroughRel.CONVENTION)), convert(right, right.getTraitSet().replace(TroughRel.CONVENTION)),
                join.getCondition(), join.getJoinType(), leftPin.segment()));
    }

    private record Pin(TroughTableScan scan, SegmentTable segment) {}

    /**
     * The one segment a side reads, when its filters leave exactly one: the side is followed down through
     * filters and projects (members of the planner's sets; a rule sees those in the join's convention, so the
     * logical ones) to its scan, each filter's condition carried down in terms of the scan's columns.
     */
    private static Pin pin(RelNode node) {
        List<RexNode> conditions = new ArrayList<>();
        for (int depth = 0; depth < 32 && node != null; depth++) {
            if (node instanceof RelSubset subset) {
                node = member(subset, Filter.class, Project.class, TroughTableScan.class);
            } else if (node instanceof Filter filter) {
                conditions.add(filter.getCondition());
                node = filter.getInput();
            } else if (node instanceof Project project) {
                conditions.replaceAll(condition -> RelOptUtil.pushPastProject(condition, project));
                node = project.getInput();
            } else if (node instanceof TroughTableScan scan) {
                if (conditions.isEmpty()) return null;
                List<SegmentTable> left = SegmentPruner.prune(scan.troughTable(), scan.getCluster().getRexBuilder(), conditions);
                return left.size() == 1 ? new Pin(scan, left.get(0)) : null;
            } else {
                return null;
            }
        }
        return null;
    }

    @SafeVarargs
    private static RelNode member(RelSubset subset, Class<? extends RelNode>... preferred) {
        for (Class<? extends RelNode> kind : preferred) {
            for (RelNode rel : subset.getRelList()) {
                if (kind.isInstance(rel)) return rel;
            }
        }
        return null;
    }
}
