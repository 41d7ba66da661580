package trough.calcite.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import trough.calcite.schema.TroughTable;

/**
 * The leaf of the fan-out: one table over its segments. Its pruning conditions, the WHERE's conditions on
 * {@code _segment} ({@link trough.calcite.rules.SegmentPruningRule}), choose the segments at each execution.
 */
public final class TroughTableScan extends TableScan implements TroughRel {
    /** A scan that prunes costs this much of one that reads every segment, so that the planner keeps it. */
    private static final double PRUNED_COST_FACTOR = 0.5;

    private final TroughTable troughTable;
    private final List<RexNode> segmentConditions;

    private TroughTableScan(RelOptCluster cluster, RelOptTable table, TroughTable troughTable, RelTraitSet traits, List<RexNode> segmentConditions) {
        super(cluster, traits == null ? cluster.traitSetOf(CONVENTION) : traits, List.of(), table);
        this.troughTable = troughTable;
        this.segmentConditions = List.copyOf(segmentConditions);
    }

    /** The scan a Trough table is planned from ({@link trough.calcite.schema.ScanFactory}). */
    public static TroughTableScan of(RelOptCluster cluster, RelOptTable table, TroughTable troughTable) {
        return new TroughTableScan(cluster, table, troughTable, null, List.of());
    }

    /** This scan, reading only the segments that may hold rows {@code conditions} (over its row) keep. */
    public TroughTableScan pruned(List<RexNode> conditions) {
        return new TroughTableScan(getCluster(), table, troughTable, traitSet, conditions);
    }

    public TroughTable troughTable() {
        return troughTable;
    }

    /** Conditions on {@code _segment} the segments read must be able to meet; empty to read every segment. */
    public List<RexNode> segmentConditions() {
        return segmentConditions;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new TroughTableScan(getCluster(), table, troughTable, traitSet, segmentConditions);
    }

    @Override
    public void implement(SplitPlan.Builder plan) {
        plan.scan(this);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).itemIf("pruning", segmentConditions, !segmentConditions.isEmpty());
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        RelOptCost cost = super.computeSelfCost(planner, mq).multiplyBy(PUSHED_COST_FACTOR);
        return segmentConditions.isEmpty() ? cost : cost.multiplyBy(PRUNED_COST_FACTOR);
    }
}
