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
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import trough.calcite.modify.TroughInsert;
import trough.calcite.schema.TroughTable;

/**
 * An INSERT into a Trough table: its input rows go to the writers of the segments they name. (UPDATE and
 * DELETE are refused by the validator until they are routed by their {@code _segment} predicates.)
 */
public final class TroughTableModify extends TableModify implements EnumerableRel {
    public TroughTableModify(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, Prepare.CatalogReader catalogReader,
                             RelNode input, Operation operation, boolean flattened) {
        super(cluster, traits, table, catalogReader, input, operation, null, null, flattened);
    }

    @Override
    public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
        return new TroughTableModify(getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs), getOperation(), isFlattened());
    }

    @Override
    public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
        TroughTable table = getTable().unwrap(TroughTable.class);
        TroughInsert insert = new TroughInsert(table.shape(), table.segmentKey(), table.source().writer());
        BlockBuilder block = new BlockBuilder();
        Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
        Expression rows = block.append("rows", input.block);
        Expression count = block.append("count", Expressions.call(implementor.stash(insert, TroughInsert.class), "run",
                Expressions.convert_(rows, org.apache.calcite.linq4j.Enumerable.class)));
        block.add(Expressions.return_(null, Expressions.call(Linq4j.class, "singletonEnumerable", Expressions.box(count))));
        PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), pref.prefer(JavaRowFormat.SCALAR));
        return implementor.result(physType, block.toBlock());
    }
}
