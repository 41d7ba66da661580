package trough.calcite.rules;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import trough.calcite.rel.TroughSegmentDml;
import trough.calcite.rel.TroughTableScan;

/**
 * Plans {@code UPDATE t SET ... WHERE ...} and {@code DELETE FROM t WHERE ...} on a Trough table as one
 * {@link TroughSegmentDml}: the statement is sent to the writer of each segment its {@code _segment}
 * predicate leaves. Calcite reads both as a modification over {@code Project(Filter(Scan))}, the project
 * computing the new values of an UPDATE (or passing the row through for a DELETE).
 */
public final class SegmentDmlRule extends RelOptRule {
    /** UPDATE, and DELETE while its pass-through project is still there. */
    public static final SegmentDmlRule INSTANCE = new SegmentDmlRule(true);
    /** DELETE once Calcite removed the pass-through project. */
    public static final SegmentDmlRule DELETE_WITHOUT_PROJECT = new SegmentDmlRule(false);

    private final boolean withProject;

    // Calcite 1.42 builds rule configurations with the Immutables annotation processor; the operand
    // constructor does the same without it.
    @SuppressWarnings("deprecation")
    private SegmentDmlRule(boolean withProject) {
        super(withProject
                ? operandJ(LogicalTableModify.class, null, modify -> modify.isUpdate() || modify.isDelete(),
                        operand(LogicalProject.class, operand(LogicalFilter.class, operand(TroughTableScan.class, none()))))
                : operandJ(LogicalTableModify.class, null, LogicalTableModify::isDelete,
                        operand(LogicalFilter.class, operand(TroughTableScan.class, none()))),
                withProject ? "TroughSegmentDmlRule" : "TroughSegmentDeleteRule");
        this.withProject = withProject;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalTableModify modify = call.rel(0);
        LogicalProject project = withProject ? call.rel(1) : null;
        LogicalFilter filter = call.rel(withProject ? 2 : 1);
        TroughTableScan scan = call.rel(withProject ? 3 : 2);
        if (!modify.getTable().getQualifiedName().equals(scan.getTable().getQualifiedName())) return;
        List<RexNode> newValues = List.of();
        if (modify.getOperation() == TableModify.Operation.UPDATE) {
            // The project lists the table's columns, then the new value of each updated column.
            List<RexNode> projects = project.getProjects();
            newValues = projects.subList(projects.size() - modify.getUpdateColumnList().size(), projects.size());
            for (RexNode value : newValues) {
                if (RexUtil.containsFieldAccess(value) || value.getKind() == SqlKind.SCALAR_QUERY) return;
            }
        }
        call.transformTo(new TroughSegmentDml(modify.getCluster(), modify.getTraitSet().replace(EnumerableConvention.INSTANCE),
                modify.getTable(), modify.getOperation(), filter.getCondition(),
                modify.getOperation() == TableModify.Operation.UPDATE ? modify.getUpdateColumnList() : List.of(), newValues));
    }
}
