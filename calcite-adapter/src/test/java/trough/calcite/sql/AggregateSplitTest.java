package trough.calcite.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.RelBuilder;
import org.junit.jupiter.api.Test;

/** The halves each aggregate splits into, as plans: what the segments run and what the merge runs over their rows. */
class AggregateSplitTest {
    private final RelBuilder builder = RelBuilder.create(Frameworks.newConfigBuilder().defaultSchema(Frameworks.createRootSchema(true)).build());

    private Aggregate aggregate(Function<RelBuilder, List<RelBuilder.AggCall>> calls) {
        builder.values(new String[] {"g", "x", "sep"}, "a", 1, ",", "b", 2, ";");
        builder.aggregate(builder.groupKey("g"), calls.apply(builder));
        return (Aggregate) builder.build();
    }

    @Test
    void eachAggregateSplitsAsItsEntrySays() {
        Aggregate aggregate = aggregate(b -> List.of(b.count(), b.sum(b.field("x")), b.avg(b.field("x")).as("mean"),
                b.aggregateCall(SqliteFunctions.GROUP_CONCAT, b.field("g"), b.field("sep")), b.count(true, "d", b.field("x")),
                b.aggregateCall(SqliteFunctions.TOTAL, b.field("x"))));
        assertTrue(AggregateSplit.isSplittable(aggregate));
        AggregateSplit split = new AggregateSplit(aggregate);
        RelNode partial = split.partial(builder, aggregate.getInput());
        // Segments: COUNT, SUM and AVG's SUM and COUNT (the builder shares equal calls), GROUP_CONCAT grouped by its
        // separator, TOTAL; COUNT(DISTINCT x) groups by x instead.
        String partialPlan = """
                LogicalProject(g=[$0], x=[$1], sep=[$2], $f3=[$3], $f4=[$4], $f40=[$4], $f30=[$3], $f5=[$5], $f6=[$6])
                  LogicalAggregate(group=[{0, 1, 2}], agg#0=[COUNT()], agg#1=[SUM($1)], agg#2=[GROUP_CONCAT($0, $2)], agg#3=[TOTAL($1)])
                    LogicalValues(tuples=[[{ 'a', 1, ',' }, { 'b', 2, ';' }]])
                """;
        assertEquals(partialPlan, RelOptUtil.toString(partial));
        // The merge: SUM of the counts and sums, AVG as a REAL division of its two sums, GROUP_CONCAT with the
        // separator of its group, the DISTINCT count over the distinct values, TOTAL again.
        assertEquals("""
                LogicalProject(g=[$0], $f1=[$1], $f2=[$2], mean=[/(CAST($3):DOUBLE, NULLIF($4, 0))], $f4=[$5], d=[$6], $f6=[$7])
                  LogicalAggregate(group=[{0}], agg#0=[SUM($3)], agg#1=[SUM($4)], agg#2=[SUM($5)], agg#3=[SUM($6)], agg#4=[GROUP_CONCAT($7, $2)], \
                agg#5=[COUNT(DISTINCT $1)], agg#6=[TOTAL($8)])
                """ + partialPlan.lines().map(line -> "    " + line + "\n").reduce("", String::concat), RelOptUtil.toString(split.merge(builder, partial)));
    }

    @Test
    void theCombineOfPartialRowsAnswersPartialRowsAgain() {
        Aggregate aggregate = aggregate(b -> List.of(b.count(), b.avg(b.field("x")).as("mean"),
                b.aggregateCall(SqliteFunctions.GROUP_CONCAT, b.field("g"), b.field("sep")), b.count(true, "d", b.field("x"))));
        AggregateSplit split = new AggregateSplit(aggregate);
        RelNode partial = split.partial(builder, aggregate.getInput());
        RelNode combine = split.combine(builder, partial);
        // Grouped by every partial group (the DISTINCT count's x among them), each partial column merged by its final
        // call: a worker's answer for many segments has the columns of one segment's.
        assertEquals("LogicalAggregate(group=[{0, 1, 2}], agg#0=[SUM($3)], agg#1=[SUM($4)], agg#2=[SUM($5)], agg#3=[GROUP_CONCAT($6, $2)])",
                RelOptUtil.toString(combine).lines().findFirst().orElseThrow());
        assertEquals(partial.getRowType().getFieldCount(), combine.getRowType().getFieldCount());
    }

    @Test
    void aCountWithoutGroupsIsZeroWhenNoSegmentHasARow() {
        builder.values(new String[] {"x"}, 1);
        builder.aggregate(builder.groupKey(), builder.count());
        Aggregate aggregate = (Aggregate) builder.build();
        AggregateSplit split = new AggregateSplit(aggregate);
        String merge = RelOptUtil.toString(split.merge(builder, split.partial(builder, aggregate.getInput())));
        assertTrue(merge.startsWith("LogicalProject($f0=[COALESCE($0, 0)])\n  LogicalAggregate(group=[{}], agg#0=[SUM($0)])"), merge);
        assertTrue(SplittableAggregate.COUNT.zeroOverNoRows() && SplittableAggregate.TOTAL.zeroOverNoRows() && !SplittableAggregate.SUM.zeroOverNoRows());
    }

    @Test
    void aggregatesWithoutAnEntryOrWithAFilterDoNotSplit() {
        assertFalse(AggregateSplit.isSplittable(aggregate(b -> List.of(b.aggregateCall(SqlStdOperatorTable.VAR_POP, b.field("x"))))));
        assertFalse(AggregateSplit.isSplittable(aggregate(b -> List.of(b.count().filter(b.equals(b.field("x"), b.literal(1)))))));
        assertFalse(AggregateSplit.isSplittable(aggregate(b -> List.of(b.aggregateCall(SqliteFunctions.GROUP_CONCAT, b.field("g"), b.field("sep"))
                .distinct(true)))), "a DISTINCT aggregate of two arguments");
    }
}
