package trough.calcite.rel;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;

/**
 * A relational operator that runs on the segments, inside the one fan-out node of a query: everything of
 * this convention between a {@link TroughTableScan} and a {@link TroughToEnumerableConverter} becomes SQLite
 * SQL sent to segments, and the merge run on the client. Each operator adds its own part to the
 * {@link SplitPlan}, so that what an operator means for the fan-out is written beside the operator, and a new
 * operator is one class with its {@code implement}, not another case in a walk over the chain.
 */
public interface TroughRel extends RelNode {
    Convention CONVENTION = new Convention.Impl("TROUGH", TroughRel.class);

    /** Work per row of a pushed operator relative to doing it on the client: pushing is always cheaper. */
    double PUSHED_COST_FACTOR = 0.01;

    /** Adds this operator to the plan of its fan-out, after having its input add itself ({@link SplitPlan.Builder#visitInput}). */
    void implement(SplitPlan.Builder plan);
}
