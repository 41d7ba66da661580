package trough.calcite.rel;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import trough.calcite.modify.SegmentDml;
import trough.calcite.schema.TroughTable;

/**
 * An UPDATE or DELETE on a Trough table, as it runs: no input, one row out (the rows changed). The condition
 * and new values are over the table's row ({@code _segment} last).
 */
public final class TroughSegmentDml extends AbstractRelNode implements EnumerableRel {
    private final RelOptTable table;
    private final TableModify.Operation operation;
    private final RexNode condition;
    private final List<String> updateColumns;
    private final List<RexNode> newValues;

    public TroughSegmentDml(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, TableModify.Operation operation, RexNode condition,
                            List<String> updateColumns, List<RexNode> newValues) {
        super(cluster, traits);
        this.table = table;
        this.operation = operation;
        this.condition = condition;
        this.updateColumns = List.copyOf(updateColumns);
        this.newValues = List.copyOf(newValues);
    }

    @Override
    protected RelDataType deriveRowType() {
        return RelOptUtil.createDmlRowType(SqlKind.INSERT, getCluster().getTypeFactory());
    }

    @Override
    public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
        return planner.getCostFactory().makeTinyCost();
    }

    @Override
    public RelWriter explainTerms(RelWriter pw) {
        return super.explainTerms(pw).item("table", table.getQualifiedName()).item("operation", operation).item("condition", condition)
                .itemIf("set", updateColumns + " = " + newValues, !updateColumns.isEmpty());
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        TroughTable troughTable = table.unwrap(TroughTable.class);
        SegmentDml dml = new SegmentDml(troughTable, getCluster().getRexBuilder(), operation == TableModify.Operation.DELETE, condition,
                updateColumns, newValues);
        BlockBuilder block = new BlockBuilder();
        Expression count = block.append("count", Expressions.call(implementor.stash(dml, SegmentDml.class), "run", implementor.getRootExpression()));
        block.add(Expressions.return_(null, Expressions.call(Linq4j.class, "singletonEnumerable", Expressions.box(count))));
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.prefer(JavaRowFormat.SCALAR));
        return implementor.result(physType, block.toBlock());
    }
}
