package trough.jdbc.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trough.core.sqlite.SqliteConnections;

/**
 * Every query over segments answers what the same query answers on one SQLite database holding all the
 * rows. Generated data, generated and hand-written queries, over 1, 2, 7 and 50 segments.
 */
public class OracleTest {
    static final int GENERATED_QUERIES = 400;

    /** Shapes the generator does not reach: joins, subqueries, window functions, CASE, set operations. */
    public static final List<String> HAND_WRITTEN = List.of(
            "SELECT count(*) FROM t",
            "SELECT count(*), sum(n), avg(x), min(v), max(v) FROM t WHERE 1 = 0",
            "SELECT grp, count(*) FROM t GROUP BY grp ORDER BY 2 DESC, 1 LIMIT 3",
            "SELECT _segment, count(*) FROM t GROUP BY _segment ORDER BY 1",
            "SELECT id, grp, n, x, v, s FROM t WHERE _segment = 'seg-01' ORDER BY id, x",
            "SELECT avg(n), avg(x), sum(n) / count(n) FROM t",
            "SELECT grp, avg(DISTINCT n), count(DISTINCT s), sum(x) FROM t GROUP BY grp",
            "SELECT DISTINCT grp FROM t",
            "SELECT v, count(*) FROM t GROUP BY v ORDER BY v",
            "SELECT max(v), min(v) FROM t",
            "SELECT n FROM t ORDER BY n LIMIT 5",
            "SELECT n FROM t ORDER BY n DESC LIMIT 5",
            "SELECT s FROM t ORDER BY s DESC, id LIMIT 7 OFFSET 3",
            "SELECT t.id, u.label FROM t JOIN u ON t.n = u.k WHERE t.n < 5",
            "SELECT u.label, count(*) FROM t JOIN u ON t.n = u.k GROUP BY u.label",
            "SELECT count(*) FROM u",
            "SELECT k, label, _segment FROM u",
            "SELECT id FROM t WHERE n > (SELECT avg(n) FROM t)",
            "SELECT grp, n FROM t WHERE n IN (SELECT k FROM u)",
            "SELECT id, CASE WHEN n IS NULL THEN 'null' WHEN n > 50 THEN 'high' ELSE 'low' END FROM t",
            "SELECT grp, count(*) FROM t GROUP BY grp HAVING sum(n) > 100",
            "SELECT count(*) FROM (SELECT grp, count(*) FROM t GROUP BY grp) AS g",
            "SELECT id, n, rank() OVER (PARTITION BY grp ORDER BY n, id) FROM t WHERE n IS NOT NULL",
            "SELECT grp FROM t WHERE n > 100 UNION SELECT label FROM u",
            "SELECT count(*) FROM t WHERE s LIKE 'SA%'",
            "SELECT x FROM t WHERE x IS NOT NULL ORDER BY x LIMIT 3",
            "SELECT n, count(*) FROM t GROUP BY n ORDER BY n LIMIT 4",
            "SELECT _segment FROM t WHERE _segment LIKE 'seg-0%' GROUP BY _segment",
            "SELECT typeof(v), count(*), total(x), total(n) FROM t GROUP BY typeof(v)",
            "SELECT total(x) FROM t WHERE 1 = 0",
            "SELECT typeof(n), typeof(x), typeof(s), typeof(n * 1.5), count(*) FROM t GROUP BY 1, 2, 3, 4",
            // SQLite's date and time functions, evaluated on the segments.
            "SELECT date(n * 86400, 'unixepoch') AS d, count(*) FROM t WHERE n IS NOT NULL GROUP BY d ORDER BY d LIMIT 10",
            "SELECT strftime('%Y-%m', id * 3600, 'unixepoch') AS ym, count(*), sum(n) FROM t GROUP BY ym ORDER BY ym",
            "SELECT id, datetime(id, 'unixepoch'), time(id, 'unixepoch'), julianday('2020-01-01') + n, unixepoch('2020-01-01') FROM t ORDER BY id LIMIT 5",
            "SELECT count(*) FROM t WHERE date(id * 600, 'unixepoch') >= '1970-01-03'",
            // GROUP_CONCAT joins in no defined order, so only what does not depend on the order is compared.
            "SELECT grp, length(group_concat(s)), length(group_concat(s, '|')), length(group_concat(DISTINCT s)) FROM t GROUP BY grp",
            "SELECT group_concat(n), count(*) FROM t WHERE 1 = 0",
            // Joins restricted to one segment run whole there; others run on the client.
            "SELECT t.id, t.n, u.label FROM t JOIN u ON t.n = u.k WHERE t._segment = 'seg-00' AND u._segment = 'seg-00'",
            "SELECT u.label, count(*), sum(t.x) FROM t LEFT JOIN u ON t.n = u.k AND u._segment = 'seg-00' WHERE t._segment = 'seg-00' GROUP BY u.label",
            "SELECT t._segment, count(*) FROM t JOIN u ON t.n = u.k WHERE t._segment = 'seg-00' AND u._segment = 'seg-03' GROUP BY t._segment",
            "SELECT a.grp, count(*) FROM t a JOIN t b ON a.id = b.id WHERE a._segment = 'seg-01' AND b._segment = 'seg-01' GROUP BY a.grp");

    @ParameterizedTest(name = "{0} segments")
    @ValueSource(ints = {1, 2, 7, 50})
    void queriesOverSegmentsAnswerAsOneSqliteDatabase(int segmentCount, @TempDir Path dir) throws Exception {
        OracleDataSet data = OracleDataSet.create(dir, segmentCount, 3000, 11L * segmentCount, false);
        int ran = assertSameAnswers("jdbc:trough:file:" + data.directory, data, GENERATED_QUERIES, segmentCount);
        assertEquals(HAND_WRITTEN.size() + GENERATED_QUERIES, ran);
    }

    /**
     * Runs the hand-written queries and {@code generated} generated ones through {@code url} and on the oracle,
     * and fails listing the queries whose answers differ; answers the number of queries run.
     */
    public static int assertSameAnswers(String url, OracleDataSet data, int generated, long seed) throws Exception {
        List<QueryGenerator.Query> queries = new ArrayList<>();
        for (String sql : HAND_WRITTEN) queries.add(QueryGenerator.Query.of(sql, sql.contains("ORDER BY") && !sql.contains("OVER"), false));
        QueryGenerator generator = new QueryGenerator(seed, data.segments);
        for (int i = 0; i < generated; i++) queries.add(generator.next());

        List<String> failures = new ArrayList<>();
        try (Connection trough = DriverManager.getConnection(url);
             Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            for (QueryGenerator.Query query : queries) {
                String failure = compare(trough, oracle, query);
                if (failure != null) failures.add("QUERY " + query.sql() + "\n  " + failure);
            }
        }
        System.out.printf("oracle, %s over %d segments: %d queries, %d differences%n", url.startsWith("jdbc:trough:file:") ? "files" : "cluster",
                data.segments.size(), queries.size(), failures.size());
        assertTrue(failures.isEmpty(), failures.size() + " of " + queries.size() + " queries differ from one SQLite database:\n"
                + String.join("\n", failures.subList(0, Math.min(15, failures.size()))));
        return queries.size();
    }

    private static String compare(Connection trough, Connection oracle, QueryGenerator.Query query) {
        OracleCheck.Verdict verdict = new OracleCheck(trough, oracle).check(query.sql(), query.ordered(), query.mixedKeys(), query.countOnly());
        return switch (verdict.outcome()) {
            case SAME -> null;
            case DIFFERENT -> verdict.detail();
            case TROUGH_FAILED -> "trough failed: " + verdict.detail();
            case ORACLE_REFUSED -> "the oracle refused it (the generator is wrong): " + verdict.detail();
        };
    }
}
