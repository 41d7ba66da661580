package trough.jdbc.oracle;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/**
 * The families of queries issue 14 found answered wrong or refused, one test each, over 8 segment files
 * (file mode): each answer is compared with the same query on one SQLite database holding all the rows,
 * never with a value written here.
 */
// A guard against a query that never ends (the scalar subquery ran on for minutes), not a speed bound.
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public class QueryFamiliesTest {
    @TempDir
    static Path dir;
    static OracleDataSet data;
    static Connection trough;
    static Connection oracle;

    @BeforeAll
    static void spreadRowsOverEightSegments() throws Exception {
        data = OracleDataSet.create(dir, 8, 600, 14, false);
        SmallTables.addLogicTables(data, 40, 14);
        SmallTables.addCrawlLog(data, 300, 14);
        SmallTables.addLineitem(data, 400, 14);
        trough = DriverManager.getConnection("jdbc:trough:file:" + data.directory);
        oracle = SqliteConnections.openReadOnly(data.oracle);
    }

    @AfterAll
    static void close() throws Exception {
        trough.close();
        oracle.close();
    }

    @Test
    void betweenBoundsWithLiteralArithmeticAreComputedInFloatingPointAsTpchQ6() {
        // 0.06 + 0.01 is 0.06999999999999999 in SQLite: a discount of 0.07 is outside; exact decimals put it inside.
        assertAnswersAsSqlite(
                "SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem WHERE l_shipdate >= '1994-01-01' "
                        + "AND l_shipdate < '1995-01-01' AND l_discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01 AND l_quantity < 24",
                "SELECT l_discount, count(*) FROM lineitem WHERE l_discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01 GROUP BY l_discount ORDER BY 1",
                "SELECT count(*) FROM lineitem WHERE l_discount <= 0.06 + 0.01");
    }

    @Test
    void nestedInSubqueriesInsideOrAndTreesAnswerAsSqlite() {
        assertAnswersAsSqlite(
                "SELECT pk FROM tab0 WHERE (col0 IN (SELECT col1 FROM tab0 WHERE col2 IN (SELECT col0 FROM tab0 WHERE col1 > 10)) "
                        + "OR col1 > 90) AND col2 IS NOT NULL ORDER BY pk",
                "SELECT pk FROM tab0 WHERE col1 < 0 OR (col0 > 5 AND col2 IN (SELECT col0 FROM tab0 WHERE col1 IN "
                        + "(SELECT col2 FROM tab0 WHERE col0 < 50) OR col0 IS NULL)) ORDER BY pk",
                "SELECT count(*) FROM tab0 WHERE NOT (col0 IN (SELECT col1 FROM tab0 WHERE col1 IN (SELECT col2 FROM tab0)) AND col1 < 40)",
                // Found by RandomQueryTest: a NOT IN whose subquery holds a correlated IN under NOT, below a DISTINCT constant.
                "SELECT DISTINCT 7 FROM tab0 WHERE -0.25 NOT IN (SELECT a1.col0 FROM tab1 AS a1 WHERE NOT (0.01 IN "
                        + "(SELECT -(a2.col1) FROM tab1 AS a2 WHERE a1.col0 <> 1.1)))");
    }

    @Test
    void integerDivisionOfCastAndNullifTruncatesAsSqlite() {
        assertAnswersAsSqlite(
                "SELECT pk, (CAST(NULLIF(col0, 7) AS INTEGER) * 97 - 5) / (col1 - 50), -col2 / 7, col0 % -3 FROM tab0 ORDER BY pk",
                "SELECT pk, CAST(col0 AS INTEGER) / CAST(NULLIF(col1, 0) AS INTEGER) FROM tab1 ORDER BY pk");
    }

    @Test
    void textMeetingNumbersConvertsAsSqliteConvertsIt() {
        // Found by RandomQueryTest: a CAST of a TEXT column was left out of the fragment (SQLite compares text
        // with a number by affinity, not as CAST does), and Calcite cast text to BIGINT for arithmetic
        // (count(*) + '0.5' answered 1, where SQLite answers 1.5).
        assertAnswersAsSqlite(
                "SELECT count(*), sum(pk) FROM tab2 WHERE -0.25 > CAST(col2 AS REAL)",
                "SELECT count(*), sum(pk) FROM tab0 WHERE CAST(col2 AS REAL) >= 0.25",
                "SELECT count(*) FROM tab1 WHERE CAST(col2 AS INTEGER) < 10",
                "SELECT pk, count(*) + min(substr(col2, 2)) FROM tab2 GROUP BY pk",
                "SELECT pk, col0 + col2, col2 * 2, col2 > 5, col2 = 0 FROM tab1 ORDER BY pk",
                "SELECT sum(col2 + 0.5), count(*) FROM tab2 WHERE col2 < col0");
    }

    @Test
    void aNegativeRealZeroKeepsItsSign() {
        // Found by RandomQueryTest: Calcite folded -(0.0) to an exact 0, and 0.0 - 0 is 0.0 where SQLite has -0.0.
        assertAnswersAsSqlite(
                // Unordered, the rows are sorted to be compared, and -0.0 sorts before 0.0.
                "SELECT (-(0.0) - col2 % 3) FROM tab0",
                "SELECT -(0.0) - col2 % 2, -0.0 * (col0 % 2) FROM tab0");
    }

    @Test
    void remainderKeepsTheParenthesesOfItsOperands() {
        // Found by RandomQueryTest: the fragment read 17 * col2 % (38 / col0) as (17 * col2 % 38) / col0.
        assertAnswersAsSqlite(
                "SELECT pk, ((17 * col2) % (38 / col0)) FROM tab0 ORDER BY pk",
                "SELECT pk, (col2 % 7) % 3, -col2 % (col0 + 1), col2 % (col0 * 2), (col2 - 1) % (col0 % 5) FROM tab0 ORDER BY pk",
                "SELECT sum(col2 % (100 / col0)) FROM tab0");
    }

    @Test
    void selectDistinctOfAConstantAnswersAsSqlite() {
        assertAnswersAsSqlite(
                "SELECT DISTINCT 93 FROM tab0",
                "SELECT DISTINCT 93, col0 FROM tab0 WHERE col0 > 10 ORDER BY 2",
                "SELECT DISTINCT 'x', 1.5 FROM tab1 WHERE col0 > 0");
    }

    @Test
    void countDistinctOverACrossJoinAnswersAsSqlite() {
        assertAnswersAsSqlite(
                "SELECT count(DISTINCT a.col0) FROM tab0 AS a CROSS JOIN tab1 AS b",
                "SELECT b.col1 > 0, count(DISTINCT a.col0), count(*) FROM tab0 AS a CROSS JOIN tab1 AS b GROUP BY 1 ORDER BY 1");
    }

    @Test
    void bareColumnsOfAGroupedSelectTakeTheirDeterminedValue() {
        assertAnswersAsSqlite(
                "SELECT COALESCE(93, col0), col2, count(*) FROM tab0 GROUP BY col2 ORDER BY 2",
                // Grouped by the unique key, every bare column has one row to come from.
                "SELECT pk, col0, col1 * 2 FROM tab0 GROUP BY pk ORDER BY pk");
    }

    @Test
    void divisionByANullConstantIsNull() {
        assertAnswersAsSqlite(
                "SELECT 89 / NULL, col0 / NULL, NULL / col1, col0 % NULL FROM tab0",
                "SELECT count(*) FROM tab0 WHERE col0 / NULL IS NULL");
    }

    @Test
    void anEmptyInListMatchesNothingAndAnEmptyNotInListEverything() {
        assertAnswersAsSqlite(
                "SELECT count(*) FROM tab0 WHERE col0 IN ()",
                "SELECT count(*) FROM tab0 WHERE col0 NOT IN ()",
                "SELECT pk, col0 IN (), col1 NOT IN () FROM tab0 ORDER BY pk");
    }

    @Test
    void aComparisonWithNullIsNullAnywhereInThePlan() {
        assertAnswersAsSqlite(
                "SELECT pk FROM tab0 WHERE col0 = NULL OR col1 > NULL",
                "SELECT count(*) FROM tab0 WHERE NOT (col0 <> NULL)",
                "SELECT pk, col0 = NULL FROM tab0 ORDER BY pk",
                "SELECT count(*) FROM tab0 AS a JOIN tab1 AS b ON a.pk + 1000 = b.pk WHERE a.col0 = NULL",
                "SELECT c, count(*) FROM (SELECT col0 AS c FROM tab0 WHERE col0 = NULL) AS x GROUP BY c");
    }

    @Test
    void aScalarSubqueryInWhereAnswersAsSqlite() {
        // The shape re-ran the subquery's fan-out for every outer row; only its answer can be compared here.
        assertAnswersAsSqlite(
                "SELECT url, size FROM crawl_log WHERE size > (SELECT avg(size) * 1.5 FROM crawl_log)",
                "SELECT count(*) FROM crawl_log WHERE size > (SELECT avg(size) FROM crawl_log WHERE host LIKE '%example%')");
    }

    @Test
    void countAndMaxOverAGroupedDerivedTableAnswerAsSqlite() {
        assertAnswersAsSqlite("SELECT count(*), max(n) FROM (SELECT host, count(*) AS n FROM crawl_log GROUP BY host) t");
    }

    @Test
    void countAndMaxOverAGroupedCteAnswerAsSqlite() {
        assertAnswersAsSqlite("WITH t AS (SELECT host, count(*) AS n FROM crawl_log GROUP BY host) SELECT count(*), max(n) FROM t");
    }

    @Test
    void substrAndTrimTogetherInOneSelectList() {
        assertAnswersAsSqlite(
                "SELECT substr(url, 1, 20), trim(host) FROM crawl_log",
                "SELECT DISTINCT substr(url, 1, 20), trim(host) FROM crawl_log ORDER BY 1, 2");
    }

    @Test
    void castToRealIsADoubleWithItsFullValue() throws Exception {
        String sql = "SELECT url, CAST(size AS REAL), CAST(duration AS REAL), CAST(size AS REAL) / 3 FROM crawl_log ORDER BY url";
        assertAnswersAsSqlite(sql);
        List<Object> expected = new ArrayList<>();
        List<Object> actual = new ArrayList<>();
        try (Statement o = oracle.createStatement(); ResultSet rows = o.executeQuery(sql)) {
            while (rows.next()) for (int c = 2; c <= 4; c++) expected.add(rows.getObject(c));
        }
        try (Statement t = trough.createStatement(); ResultSet rows = t.executeQuery(sql)) {
            while (rows.next()) for (int c = 2; c <= 4; c++) actual.add(rows.getObject(c));
        }
        // getObject itself, not a widened copy: a Float of 16.262695 reads back as 16.2626953125 once widened.
        assertTrue(actual.stream().allMatch(v -> v == null || v instanceof Double),
                () -> "not all Double: " + actual.stream().filter(v -> v != null && !(v instanceof Double)).limit(3).toList());
        assertEquals(expected, actual);
    }

    @Test
    void segmentNamedInADerivedTableSurvivesSelectStar() {
        assertAnswersAsSqlite(
                "SELECT * FROM (SELECT _segment, host FROM crawl_log) x",
                "SELECT x._segment, count(*) FROM (SELECT _segment, host FROM crawl_log) x GROUP BY 1 ORDER BY 1");
    }

    @Test
    void sqliteFunctionsAboveAJoinAnswerAsSqlite() {
        assertAnswersAsSqlite(
                "SELECT strftime('%Y', c.fetched) AS y, count(*) FROM crawl_log AS c JOIN tab0 AS t ON c.size % 40 = t.pk GROUP BY y ORDER BY y",
                "SELECT substr(c.host, 1, 4), t.col0 FROM crawl_log AS c JOIN tab0 AS t ON c.size % 40 = t.pk",
                "SELECT strftime('%Y-%m', l.l_shipdate), substr(c.url, 9, 7), count(*) FROM lineitem AS l JOIN crawl_log AS c "
                        + "ON l.l_orderkey = c.size % 100 GROUP BY 1, 2");
    }

    @Test
    void maxOverAGroupedSumAnswersAsSqliteAsTpchQ15() {
        assertAnswersAsSqlite(
                "SELECT max(s) FROM (SELECT l_suppkey, sum(l_extendedprice) AS s FROM lineitem GROUP BY l_suppkey) r",
                "WITH revenue AS (SELECT l_suppkey AS supplier_no, sum(l_extendedprice) AS total_revenue FROM lineitem GROUP BY l_suppkey) "
                        + "SELECT supplier_no, total_revenue FROM revenue WHERE total_revenue = (SELECT max(total_revenue) FROM revenue) "
                        + "ORDER BY supplier_no");
    }

    @Test
    void countDistinctOverAJoinAnswersAsSqliteAsTpchQ16() {
        assertAnswersAsSqlite(
                "SELECT count(DISTINCT c.host) FROM crawl_log AS c JOIN tab0 AS t ON c.size % 40 = t.pk",
                "SELECT t.col0 % 3, count(DISTINCT c.host) FROM crawl_log AS c JOIN tab0 AS t ON c.size % 40 = t.pk GROUP BY 1 ORDER BY 1");
    }

    @Test
    void aReservedWordOfCalciteAsAnAliasAnswersAsSqliteAsTpchQ11() {
        assertAnswersAsSqlite("SELECT l_suppkey, sum(l_extendedprice) AS value FROM lineitem GROUP BY l_suppkey ORDER BY value DESC, l_suppkey");
    }

    @Test
    void anOrOfJoinConditionsWithACommonEqualityAnswersAsSqliteAsTpchQ19() {
        assertAnswersAsSqlite("SELECT sum(l.l_extendedprice) FROM lineitem AS l, tab0 AS t WHERE (t.pk = l.l_suppkey AND t.col0 > 10 "
                + "AND l.l_quantity < 20) OR (t.pk = l.l_suppkey AND t.col1 < 5 AND l.l_discount > 0.05)");
    }

    /** Each query answers as on the oracle; ordered where it ends with an ORDER BY, which these fix totally. */
    private static void assertAnswersAsSqlite(String... queries) {
        assertAll(Stream.of(queries).map(sql -> (Executable) () -> {
            boolean ordered = sql.matches("(?s).* ORDER BY [^)]*");
            OracleCheck.Verdict verdict = new OracleCheck(trough, oracle).check(sql, ordered, false, false);
            assertEquals(OracleCheck.Outcome.SAME, verdict.outcome(),
                    () -> sql + "\n  " + String.join("\n  ", verdict.detail().lines().limit(4).toList()));
        }));
    }
}
