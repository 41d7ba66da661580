package trough.calcite.rel;

import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.convert.ConverterImpl;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.sql.SqlExplainLevel;
import trough.calcite.exec.TroughQuery;
import trough.calcite.exec.ValueCoercion;

/**
 * Where work leaves the segments: the pushed-down chain below becomes a {@link TroughQuery} (fragments and
 * merge), and its rows enter Calcite's runtime here. EXPLAIN shows the fragment SQL and the segment count.
 */
public final class TroughToEnumerableConverter extends ConverterImpl implements EnumerableRel {
    public TroughToEnumerableConverter(RelOptCluster cluster, RelTraitSet traits, RelNode input) {
        super(cluster, ConventionTraitDef.INSTANCE, traits, input);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new TroughToEnumerableConverter(getCluster(), traitSet, sole(inputs));
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        return super.computeSelfCost(planner, mq).multiplyBy(0.1);
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        RelWriter writer = super.explainTerms(pw);
        // The planner asks for a digest each time it registers the node: its input identifies it.
        if (pw.getDetailLevel() == SqlExplainLevel.DIGEST_ATTRIBUTES) return writer;
        SplitPlan plan;
        try {
            plan = SplitPlan.of(getInput());
        } catch (SplitPlan.IncompleteException e) {
            return writer; // a dump made while planning: an input is still a set of alternatives, not one fan-out
        }
        writer.item("segments", plan.segmentCount()).item("fragment", plan.fragmentSql());
        if (plan.combineSql() != null) writer.item("combine", plan.combineSql());
        if (plan.mergeSql() != null) writer.item("merge", plan.mergeSql().sql());
        if (plan.mergeOrder() != null) writer.item("merge", plan.mergeOrder().toString());
        return writer;
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        SplitPlan plan = SplitPlan.of(getInput());
        TroughQuery query = new TroughQuery(plan.fanOut(), plan.partialWidth(), plan.mergeSql(), plan.mergeOrder(), getRowType().getFieldCount(),
                ValueCoercion.of(getRowType()));
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.prefer(JavaRowFormat.ARRAY));
        BlockBuilder block = new BlockBuilder();
        Expression rows = block.append("rows",
                Expressions.call(implementor.stash(query, TroughQuery.class), "enumerable", DataContext.ROOT));
        block.add(Expressions.return_(null, rows));
        return implementor.result(physType, block.toBlock());
    }
}
