package trough.calcite.rel;

import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import trough.calcite.schema.SegmentTable;

/**
 * A join of two tables that both sides restrict to the same single segment: that segment has both tables, so
 * the join runs there whole, in SQLite, and only its result travels.
 */
public final class TroughJoin extends Join implements TroughRel {
    private final SegmentTable segment;

    public TroughJoin(RelOptCluster cluster, RelTraitSet traits, RelNode left, RelNode right, RexNode condition, JoinRelType joinType,
                      SegmentTable segment) {
        super(cluster, traits, List.of(), left, right, condition, Set.<CorrelationId>of(), joinType);
        this.segment = segment;
    }

    /** The one segment both sides read. */
    public SegmentTable segment() {
        return segment;
    }

    @Override
    public Join copy(RelTraitSet traitSet, RexNode condition, RelNode left, RelNode right, JoinRelType joinType, boolean semiJoinDone) {
        return new TroughJoin(getCluster(), traitSet, left, right, condition, joinType, segment);
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        return super.computeSelfCost(planner, mq).multiplyBy(PUSHED_COST_FACTOR);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("segment", segment.segment().value());
    }
}
