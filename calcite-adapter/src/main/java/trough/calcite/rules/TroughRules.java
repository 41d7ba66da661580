package trough.calcite.rules;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import trough.calcite.rel.TroughAggregate;
import trough.calcite.rel.TroughFilter;
import trough.calcite.rel.TroughProject;
import trough.calcite.rel.TroughRel;
import trough.calcite.rel.TroughSort;
import trough.calcite.rel.TroughToEnumerableConverter;
import trough.calcite.sql.AggregateSplit;
import trough.calcite.sql.SqliteExpressions;

/**
 * The rules that move logical operators into the fan-out node. Each pushes an operator when SQLite can run
 * it; what cannot be pushed (joins, window functions, functions SQLite lacks) stays with Calcite on the
 * client, above the fan-out.
 */
public final class TroughRules {
    public static final List<RelOptRule> RULES = List.of(
            FilterRule.CONFIG.toRule(),
            ProjectRule.CONFIG.toRule(),
            AggregateRule.CONFIG.toRule(),
            SortRule.CONFIG.toRule(),
            ToEnumerableRule.CONFIG.toRule());

    private TroughRules() {}

    /**
     * Every change Trough makes to a statement's planner, in one place: the rules that push operators into the
     * fan-out; the rule that marks a WHERE's conditions on {@code _segment} as the scan's pruning conditions
     * ({@link SegmentPruningRule}); Trough's INSERT and segment DML instead of Calcite's INSERT into an in-memory collection; SQLite's
     * answer for aggregates over nothing (registered with the planner, not by a scan: a query proved empty has
     * no scan left); and no rewriting of aggregates before Trough splits them (AVG into an integer division of
     * SUM by COUNT, DISTINCT aggregates into joins).
     */
    public static void register(RelOptPlanner planner) {
        planner.removeRule(CoreRules.AGGREGATE_REDUCE_FUNCTIONS);
        planner.removeRule(CoreRules.AGGREGATE_EXPAND_DISTINCT_AGGREGATES);
        planner.removeRule(EnumerableRules.ENUMERABLE_TABLE_MODIFICATION_RULE);
        planner.addRule(EmptyAggregateRule.INSTANCE);
        planner.addRule(SegmentPruningRule.INSTANCE);
        planner.addRule(TableModifyRule.INSTANCE);
        planner.addRule(SegmentDmlRule.INSTANCE);
        planner.addRule(SegmentDmlRule.DELETE_WITHOUT_PROJECT);
        RULES.forEach(planner::addRule);
    }

    /**
     * Traits of a pushed operator: Trough's convention and no promised order. Segments answer in any order
     * and rows of segments interleave, so only a {@link TroughSort} (which sorts in the merge) may promise one.
     */
    private static RelTraitSet pushed(RelNode rel) {
        return rel.getTraitSet().replace(TroughRel.CONVENTION).replace(RelCollations.EMPTY);
    }

    static final class FilterRule extends ConverterRule {
        static final Config CONFIG = Config.INSTANCE
                .withConversion(LogicalFilter.class, (LogicalFilter f) -> SqliteExpressions.canRender(f.getCondition()),
                        Convention.NONE, TroughRel.CONVENTION, "TroughFilterRule")
                .withRuleFactory(FilterRule::new);

        FilterRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalFilter filter = (LogicalFilter) rel;
            return new TroughFilter(filter.getCluster(), pushed(filter), convert(filter.getInput(), TroughRel.CONVENTION), filter.getCondition());
        }
    }

    static final class ProjectRule extends ConverterRule {
        static final Config CONFIG = Config.INSTANCE
                .withConversion(LogicalProject.class, (LogicalProject p) -> SqliteExpressions.canRender(p.getProjects()),
                        Convention.NONE, TroughRel.CONVENTION, "TroughProjectRule")
                .withRuleFactory(ProjectRule::new);

        ProjectRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalProject project = (LogicalProject) rel;
            return new TroughProject(project.getCluster(), pushed(project), convert(project.getInput(), TroughRel.CONVENTION),
                    project.getProjects(), project.getRowType());
        }
    }

    static final class AggregateRule extends ConverterRule {
        static final Config CONFIG = Config.INSTANCE
                .withConversion(LogicalAggregate.class, AggregateSplit::isSplittable, Convention.NONE, TroughRel.CONVENTION, "TroughAggregateRule")
                .withRuleFactory(AggregateRule::new);

        AggregateRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalAggregate aggregate = (LogicalAggregate) rel;
            return new TroughAggregate(aggregate.getCluster(), pushed(aggregate), convert(aggregate.getInput(), TroughRel.CONVENTION),
                    aggregate.getGroupSet(), aggregate.getGroupSets(), aggregate.getAggCallList());
        }
    }

    static final class SortRule extends ConverterRule {
        static final Config CONFIG = Config.INSTANCE
                .withConversion(LogicalSort.class, (LogicalSort s) -> isLiteralOrAbsent(s.offset) && isLiteralOrAbsent(s.fetch),
                        Convention.NONE, TroughRel.CONVENTION, "TroughSortRule")
                .withRuleFactory(SortRule::new);

        SortRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            LogicalSort sort = (LogicalSort) rel;
            RelTraitSet traits = pushed(sort).replace(sort.getCollation());
            RelNode input = convert(sort.getInput(), pushed(sort.getInput()));
            return new TroughSort(sort.getCluster(), traits, input, sort.getCollation(), sort.offset, sort.fetch);
        }

        private static boolean isLiteralOrAbsent(RexNode node) {
            return node == null || node instanceof RexLiteral;
        }
    }

    static final class ToEnumerableRule extends ConverterRule {
        static final Config CONFIG = Config.INSTANCE
                .withConversion(RelNode.class, TroughRel.CONVENTION, EnumerableConvention.INSTANCE, "TroughToEnumerableConverterRule")
                .withRuleFactory(ToEnumerableRule::new);

        ToEnumerableRule(Config config) {
            super(config);
        }

        @Override
        public RelNode convert(RelNode rel) {
            return new TroughToEnumerableConverter(rel.getCluster(), rel.getTraitSet().replace(EnumerableConvention.INSTANCE), rel);
        }
    }
}
