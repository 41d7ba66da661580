package trough.calcite.rules;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalTableModify;
import trough.calcite.rel.TroughTableModify;
import trough.calcite.schema.TroughTable;

/** Plans an INSERT into a Trough table as a {@link TroughTableModify}. */
public final class TableModifyRule extends ConverterRule {
    public static final TableModifyRule INSTANCE = Config.INSTANCE
            .withConversion(LogicalTableModify.class,
                    (LogicalTableModify m) -> m.isInsert() && m.getTable().unwrap(TroughTable.class) != null,
                    Convention.NONE, EnumerableConvention.INSTANCE, "TroughTableModifyRule")
            .withRuleFactory(TableModifyRule::new)
            .toRule(TableModifyRule.class);

    private TableModifyRule(Config config) {
        super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
        LogicalTableModify modify = (LogicalTableModify) rel;
        return new TroughTableModify(modify.getCluster(), modify.getTraitSet().replace(EnumerableConvention.INSTANCE), modify.getTable(),
                modify.getCatalogReader(), convert(modify.getInput(), modify.getInput().getTraitSet().replace(EnumerableConvention.INSTANCE)),
                modify.getOperation(), modify.isFlattened());
    }
}
