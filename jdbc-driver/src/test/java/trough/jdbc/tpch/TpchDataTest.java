package trough.jdbc.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import trough.core.sqlite.SqliteConnections;
import trough.jdbc.oracle.ResultComparison;

/** The generated TPC-H data keeps the specification's counts and key relations, and every query finds rows in it. */
class TpchDataTest {
    @TempDir
    static Path dir;
    static TpchData data;

    @BeforeAll
    static void generate() throws Exception {
        data = TpchData.generate(dir, 0.01);
    }

    @Test
    void rowCountsFollowTheScaleFactor() throws Exception {
        try (Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            Map<String, Long> expected = Map.of("region", 5L, "nation", 25L, "supplier", 100L, "part", 2_000L,
                    "partsupp", 8_000L, "customer", 1_500L, "orders", 15_000L);
            expected.forEach((table, count) -> assertEquals(count, number(oracle, "SELECT count(*) FROM " + table), table));
            // 1 to 7 line items per order, 4 on average.
            double perOrder = number(oracle, "SELECT count(*) FROM lineitem") / 15_000.0;
            assertTrue(perOrder > 3.8 && perOrder < 4.2, "line items per order: " + perOrder);
        }
    }

    @Test
    void theSegmentsTogetherHoldExactlyTheOraclesRowsEachASliceOfEveryTable() throws Exception {
        try (Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            for (String table : TpchData.TABLES.keySet()) {
                String digest = "SELECT count(*), total(length(" + firstTextColumn(table) + ")) FROM " + table;
                List<List<Object>> whole = rows(oracle, digest);
                long count = 0;
                double length = 0;
                for (String segment : data.segments) {
                    try (Connection file = SqliteConnections.openReadOnly(data.segmentDirectory.resolve(segment + ".sqlite"))) {
                        List<Object> part = rows(file, digest).get(0);
                        if (!table.equals("region")) assertTrue((Long) part.get(0) > 0, table + " has no rows in " + segment);
                        count += (Long) part.get(0);
                        length += (Double) part.get(1);
                    }
                }
                assertEquals(whole.get(0), List.of(count, length), table);
            }
        }
    }

    @Test
    void keysRelateAsTheSpecificationSays() throws Exception {
        try (Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            Map<String, String> violations = Map.of(
                    "line items whose part and supplier are not in partsupp",
                    "SELECT count(*) FROM lineitem WHERE NOT EXISTS (SELECT 1 FROM partsupp WHERE ps_partkey = l_partkey AND ps_suppkey = l_suppkey)",
                    "orders of a missing customer or of one whose key is divisible by 3",
                    "SELECT count(*) FROM orders WHERE o_custkey % 3 = 0 OR o_custkey NOT IN (SELECT c_custkey FROM customer)",
                    "orders whose status or total price does not follow from their line items",
                    "SELECT count(*) FROM orders o WHERE o_orderstatus <> (SELECT CASE WHEN min(l_linestatus) = 'F' AND max(l_linestatus) = 'F' THEN 'F'"
                            + " WHEN min(l_linestatus) = 'O' THEN 'O' ELSE 'P' END FROM lineitem WHERE l_orderkey = o.o_orderkey)"
                            + " OR abs(o_totalprice - (SELECT sum(l_extendedprice * (1 + l_tax) * (1 - l_discount)) FROM lineitem"
                            + " WHERE l_orderkey = o.o_orderkey)) > 0.01 * 7",
                    "orders whose line numbers are not 1 to n",
                    "SELECT count(*) FROM (SELECT l_orderkey FROM lineitem GROUP BY l_orderkey HAVING max(l_linenumber) <> count(*) OR count(*) > 7)",
                    "dates out of order or out of range",
                    "SELECT count(*) FROM lineitem JOIN orders ON o_orderkey = l_orderkey WHERE l_shipdate <= o_orderdate"
                            + " OR l_receiptdate <= l_shipdate OR o_orderdate < '1992-01-01' OR l_receiptdate > '1998-12-31'"
                            + " OR date(l_shipdate) IS NOT l_shipdate",
                    "phones whose country code is not the nation key + 10",
                    "SELECT count(*) FROM customer WHERE CAST(substr(c_phone, 1, 2) AS INTEGER) <> c_nationkey + 10");
            violations.forEach((what, sql) -> assertEquals(0L, number(oracle, sql), what));
        }
    }

    @Test
    void theWordsTheQueriesExcludeOrLookForAreThere() throws Exception {
        try (Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            Map<String, String> present = Map.of(
                    "orders with special requests (Q13 leaves them out)", "SELECT count(*) FROM orders WHERE o_comment LIKE '%special%requests%'",
                    "suppliers with complaints (Q16 leaves them out)", "SELECT count(*) FROM supplier WHERE s_comment LIKE '%Customer%Complaints%'",
                    "suppliers recommended", "SELECT count(*) FROM supplier WHERE s_comment LIKE '%Customer%Recommends%'",
                    "green parts (Q9)", "SELECT count(*) FROM part WHERE p_name LIKE '%green%'",
                    "forest parts (Q20)", "SELECT count(*) FROM part WHERE p_name LIKE 'forest%'");
            present.forEach((what, sql) -> assertTrue(number(oracle, sql) > 0, "no " + what));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void everyQueryAnswersOnOneSqliteFileWithRows(TpchQueries.Query query) throws Exception {
        try (Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            List<List<Object>> answer = rows(oracle, query.sql());
            assertFalse(answer.isEmpty(), query + " has no rows at SF 0.01");
            if (!query.ordered()) assertNotNull(answer.get(0).get(0), query + " sums no rows at SF 0.01");
            System.out.printf("%s on SQLite at SF 0.01: %d rows, first %s%n", query, answer.size(), answer.get(0));
        }
    }

    static List<TpchQueries.Query> queries() {
        return TpchQueries.at(0.01);
    }

    private static String firstTextColumn(String table) {
        return switch (table) {
            case "region" -> "r_comment";
            case "nation" -> "n_comment";
            case "supplier" -> "s_comment";
            case "part" -> "p_name";
            case "partsupp" -> "ps_comment";
            case "customer" -> "c_comment";
            case "orders" -> "o_comment";
            default -> "l_comment";
        };
    }

    private static long number(Connection connection, String sql) {
        try {
            return (Long) rows(connection, sql).get(0).get(0);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return ResultComparison.read(rows);
        }
    }
}
