package trough.calcite.rel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableList;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableBitSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.calcite.exec.FetchSizes;
import trough.calcite.exec.QuerySettings;
import trough.calcite.file.FileSegmentSource;
import trough.calcite.schema.TroughSchema;
import trough.calcite.schema.TroughTable;
import trough.core.sqlite.SqliteConnections;

/**
 * The plan each shape of fan-out makes, as its operators add themselves: what the segments run, how a worker
 * combines, and what the client merges. Built over three segment files of {@code t(k, host, size)}.
 */
class SplitPlanTest {
    /** How each segment reads the rows of {@link #hostsOfBigRows}: {@code t} as Trough shows it, then the filter. */
    private static final String BIG_ROWS = """
            FROM (SELECT "k" AS "k", "host" AS "host", "size" AS "size", "TROUGH_SEGMENT"() AS "_segment"
            FROM "t") AS "t"
            WHERE "size" > 10""";

    @TempDir
    Path dir;
    private ExecutorService pool;
    private FileSegmentSource files;
    private RelOptCluster cluster;
    private RexBuilder rex;
    private RelTraitSet trough;
    private TroughTableScan scan;

    @BeforeEach
    void segments() throws SQLException {
        for (String id : List.of("a-1", "b-2", "c-3")) {
            try (Connection file = SqliteConnections.openReadWrite(dir.resolve(id + ".sqlite")); Statement ddl = file.createStatement()) {
                ddl.execute("CREATE TABLE t (k INTEGER, host TEXT, size INTEGER)");
            }
        }
        pool = Executors.newFixedThreadPool(2);
        files = new FileSegmentSource(dir, pool, 2);
        TroughSchema schema = new TroughSchema(files, new QuerySettings(0, null, new FetchSizes()), TroughTableScan::of);
        TroughTable table = schema.table("t");
        JavaTypeFactoryImpl types = new JavaTypeFactoryImpl();
        rex = new RexBuilder(types);
        cluster = RelOptCluster.create(new HepPlanner(HepProgram.builder().build()), rex);
        trough = cluster.traitSetOf(TroughRel.CONVENTION);
        RelDataType row = table.getRowType(types);
        scan = TroughTableScan.of(cluster, RelOptTableImpl.create(null, row, table, ImmutableList.of("main", "t")), table);
    }

    @AfterEach
    void close() throws Exception {
        files.close();
        pool.shutdownNow();
    }

    private RexNode column(RelNode rel, int index) {
        return rex.makeInputRef(rel, index);
    }

    private RelNode hostsOfBigRows() {
        RexNode big = rex.makeCall(SqlStdOperatorTable.GREATER_THAN, column(scan, 2), rex.makeExactLiteral(BigDecimal.TEN));
        TroughFilter filter = new TroughFilter(cluster, trough, scan, big);
        return new TroughProject(cluster, trough, filter, List.of(column(filter, 1), column(filter, 2)),
                cluster.getTypeFactory().builder().add("host", column(filter, 1).getType()).add("size", column(filter, 2).getType()).build());
    }

    private TroughAggregate countByHost(RelNode input) {
        AggregateCall count = AggregateCall.create(SqlParserPos.ZERO, SqlStdOperatorTable.COUNT, false, false, false, List.of(), List.of(), -1, null,
                RelCollations.EMPTY, false, input, null, "n");
        return new TroughAggregate(cluster, trough, input, ImmutableBitSet.of(0), null, List.of(count));
    }

    /** ORDER BY size LIMIT 3 over {@link #hostsOfBigRows}. */
    private TroughSort threeSmallest() {
        return new TroughSort(cluster, trough, hostsOfBigRows(), RelCollations.of(new RelFieldCollation(1)), null,
                rex.makeExactLiteral(BigDecimal.valueOf(3)));
    }

    @Test
    void operatorsThatWorkRowByRowRunWholeOnTheSegments() {
        SplitPlan plan = SplitPlan.of(hostsOfBigRows());
        assertEquals("SELECT \"host\", \"size\"\n" + BIG_ROWS, plan.fragmentSql());
        assertNull(plan.combineSql());
        assertNull(plan.mergeSql());
        assertNull(plan.mergeOrder());
        assertEquals(3, plan.segmentCount());
        assertEquals(2, plan.partialWidth());
    }

    @Test
    void anAggregateSplitsIntoPartialRowsAWorkersCombineAndTheMerge() {
        TroughAggregate aggregate = countByHost(hostsOfBigRows());
        // HAVING n > 1: above the split, so it runs in the merge over every segment's counts.
        RexNode many = rex.makeCall(SqlStdOperatorTable.GREATER_THAN, column(aggregate, 1), rex.makeExactLiteral(BigDecimal.ONE));
        SplitPlan plan = SplitPlan.of(new TroughFilter(cluster, trough, aggregate, many));
        assertEquals("SELECT \"host\", COUNT(*) AS \"$f1\"\n" + BIG_ROWS + "\nGROUP BY \"host\"", plan.fragmentSql());
        assertEquals("""
                SELECT "p$0", SUM("p$1") AS "$f1"
                FROM "p"
                GROUP BY "p$0\"""", plan.combineSql());
        assertEquals("""
                SELECT *
                FROM (SELECT "p$0" AS "host", SUM("p$1") AS "n"
                FROM "p"
                GROUP BY "p$0") AS "t0"
                WHERE "n" > 1""", plan.mergeSql().sql());
        assertNull(plan.mergeOrder());
    }

    @Test
    void aDistinctCountSendsEachSegmentsDistinctValues() {
        RelNode rows = hostsOfBigRows();
        AggregateCall hosts = AggregateCall.create(SqlParserPos.ZERO, SqlStdOperatorTable.COUNT, true, false, false, List.of(), List.of(0), -1, null,
                RelCollations.EMPTY, true, rows, null, "hosts");
        SplitPlan plan = SplitPlan.of(new TroughAggregate(cluster, trough, rows, ImmutableBitSet.of(), null, List.of(hosts)));
        // A GROUP BY without aggregates renders as DISTINCT, which SQLite answers without sorting every row.
        assertEquals("SELECT DISTINCT \"host\"\n" + BIG_ROWS, plan.fragmentSql());
        assertEquals("SELECT DISTINCT \"p$0\"\nFROM \"p\"", plan.combineSql());
        assertEquals("""
                SELECT COUNT(DISTINCT "p$0") AS "hosts"
                FROM "p\"""", plan.mergeSql().sql());
    }

    @Test
    void aTopNWhoseColumnsArePickedAboveItMergesAsTheSortedStreamsArrive() {
        RelNode rows = hostsOfBigRows();
        TroughSort top = new TroughSort(cluster, trough, rows, RelCollations.of(new RelFieldCollation(1, RelFieldCollation.Direction.DESCENDING)),
                rex.makeExactLiteral(BigDecimal.valueOf(5)), rex.makeExactLiteral(BigDecimal.valueOf(10)));
        TroughProject sizes = new TroughProject(cluster, trough, top, List.of(column(top, 1)),
                cluster.getTypeFactory().builder().add("size", column(top, 1).getType()).build());
        SplitPlan plan = SplitPlan.of(sizes);
        // Each segment sends offset + fetch rows, already in their final columns.
        assertEquals("SELECT \"size\"\n" + BIG_ROWS + "\nORDER BY \"size\" DESC NULLS FIRST\nLIMIT 15", plan.fragmentSql());
        assertNull(plan.mergeSql());
        assertEquals("sorted merge on c0 DESC NULLS FIRST, offset 5, fetch 10", plan.mergeOrder().toString());
    }

    @Test
    void aTopNBelowAComputedColumnSortsAgainInTheMerge() {
        TroughSort top = threeSmallest();
        RexNode doubled = rex.makeCall(SqlStdOperatorTable.MULTIPLY, column(top, 1), rex.makeExactLiteral(BigDecimal.valueOf(2)));
        SplitPlan plan = SplitPlan.of(new TroughProject(cluster, trough, top, List.of(doubled),
                cluster.getTypeFactory().builder().add("twice", doubled.getType()).build()));
        assertEquals("SELECT \"host\", \"size\"\n" + BIG_ROWS + "\nORDER BY \"size\" NULLS LAST\nLIMIT 3", plan.fragmentSql());
        assertEquals("""
                SELECT "p$1" * 2 AS "twice"
                FROM "p"
                ORDER BY "p$1" NULLS LAST
                LIMIT 3""", plan.mergeSql().sql());
        assertNull(plan.mergeOrder());
    }

    @Test
    void aConditionOnTheSegmentPrunesTheScan() {
        RexNode named = rex.makeCall(SqlStdOperatorTable.EQUALS, column(scan, 3), rex.makeLiteral("b-2"));
        SplitPlan plan = SplitPlan.of(scan.pruned(List.of(named)));
        assertEquals(1, plan.segmentCount());
    }

    @Test
    void explainShowsThePlanTheConverterRuns() {
        TroughToEnumerableConverter converter = new TroughToEnumerableConverter(cluster,
                cluster.traitSetOf(EnumerableConvention.INSTANCE), countByHost(hostsOfBigRows()));
        String explained = RelOptUtil.toString(converter, SqlExplainLevel.EXPPLAN_ATTRIBUTES);
        assertEquals("TroughToEnumerableConverter(segments=[3], fragment=[SELECT \"host\", COUNT(*) AS \"$f1\"\n" + BIG_ROWS + "\nGROUP BY \"host\"], "
                + "combine=[SELECT \"p$0\", SUM(\"p$1\") AS \"$f1\"\nFROM \"p\"\nGROUP BY \"p$0\"], "
                + "merge=[SELECT \"p$0\" AS \"host\", SUM(\"p$1\") AS \"n\"\nFROM \"p\"\nGROUP BY \"p$0\"])",
                explained.lines().takeWhile(line -> !line.startsWith("  ")).reduce((x, y) -> x + "\n" + y).orElseThrow());
        assertTrue(explained.contains("\n  TroughAggregate(group=[{0}], n=[COUNT()])\n"), explained);
    }

    @Test
    void aScanAloneSendsTheTableAsTroughShowsIt() {
        SplitPlan plan = SplitPlan.of(scan);
        assertEquals("""
                SELECT "k" AS "k", "host" AS "host", "size" AS "size", "TROUGH_SEGMENT"() AS "_segment"
                FROM "t\"""", plan.fragmentSql());
        assertNull(plan.mergeSql());
    }

    @Test
    void anAggregateAboveATopNRunsInTheMergeOverTheTopRows() {
        SplitPlan plan = SplitPlan.of(countByHost(threeSmallest()));
        assertTrue(plan.fragmentSql().endsWith("ORDER BY \"size\" NULLS LAST\nLIMIT 3"), plan.fragmentSql());
        // The count is of the three rows all segments keep, not of each segment's three: no combine on the worker.
        assertNull(plan.combineSql());
        assertEquals("""
                SELECT "p$0", COUNT(*) AS "$f1"
                FROM (SELECT "p$0", "p$1"
                FROM "p"
                ORDER BY "p$1" NULLS LAST
                LIMIT 3) AS "t"
                GROUP BY "p$0\"""", plan.mergeSql().sql());
    }

    @Test
    void aFilterAboveATopNKeepsItFromStreaming() {
        TroughSort top = threeSmallest();
        RexNode small = rex.makeCall(SqlStdOperatorTable.LESS_THAN, column(top, 1), rex.makeExactLiteral(BigDecimal.valueOf(100)));
        SplitPlan plan = SplitPlan.of(new TroughFilter(cluster, trough, top, small));
        // The filter must see the first three of all rows, so the merge sorts them all again and filters after.
        assertNull(plan.mergeOrder());
        assertEquals("""
                SELECT *
                FROM (SELECT "p$0", "p$1"
                FROM "p"
                ORDER BY "p$1" NULLS LAST
                LIMIT 3) AS "t"
                WHERE "p$1" < 100""", plan.mergeSql().sql());
    }

    @Test
    void aFanOutOfAnythingButTroughOperatorsIsRefused() {
        TroughFilter overValues = new TroughFilter(cluster, trough, LogicalValues.createOneRow(cluster), rex.makeLiteral(true));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SplitPlan.of(overValues));
        assertTrue(refused.getMessage().startsWith("a fan-out holds only Trough operators"), refused.getMessage());
    }
}
