package trough.calcite.rel;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import trough.calcite.schema.TroughTable;

/** The leaf of the fan-out: one table over all its segments (pruned later by predicates on {@code _segment}). */
public final class TroughTableScan extends TableScan implements TroughRel {
    private final TroughTable troughTable;

    public TroughTableScan(RelOptCluster cluster, RelOptTable table, TroughTable troughTable, RelTraitSet traits) {
        super(cluster, traits == null ? cluster.traitSetOf(CONVENTION) : traits, List.of(), table);
        this.troughTable = troughTable;
    }

    /** The scan a Trough table is planned from ({@link trough.calcite.schema.ScanFactory}). */
    public static TroughTableScan of(RelOptCluster cluster, RelOptTable table, TroughTable troughTable) {
        return new TroughTableScan(cluster, table, troughTable, null);
    }

    public TroughTable troughTable() {
        return troughTable;
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new TroughTableScan(getCluster(), table, troughTable, traitSet);
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        return super.computeSelfCost(planner, mq).multiplyBy(PUSHED_COST_FACTOR);
    }
}
