package trough.jdbc.oracle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Statements whose every table reference is pinned to one segment by conditions on {@code _segment}, over
 * {@link OracleDataSet}'s t and u and {@link SmallTables}' tab0, tab1 and tab2: joins inner, left and right
 * (the pin of the null-supplying side in its ON clause), a full join of pinned derived tables, NATURAL JOIN,
 * tables named twice, subqueries plain, correlated and scalar, CTEs, set operations, window functions,
 * aggregates, CASE, {@code *}, and {@code _segment} in the select list (NULL on the null-supplying side) and
 * in conditions; the segment and the numbers as literals or as parameters. Beside them, statements that look
 * alike but are not pinned to one segment: one reference left free (in a join or a subquery), two segments,
 * a pin through a join condition, the null-supplying side pinned in WHERE. Each is answered by one SQLite
 * database holding all rows (with {@code _segment} as a column) to compare with.
 */
public final class PinnedStatements {
    /**
     * A statement; {@code $S} stands for the pinned segment and {@code $T} for a second one, each a quoted
     * literal or a {@code ?} bound to the segment, and {@code $N} for a number, written in or a {@code ?}.
     *
     * @param oracleSql what the oracle runs when it differs ({@code *} written out: the oracle's tables have
     *                  {@code _segment} as an ordinary column, which Trough's {@code *} does not show)
     * @param pinned    whether every reference is pinned to {@code $S} (when the segment has every table read)
     * @param tables    the tables it reads
     * @param ordered   whether its ORDER BY fixes the order of all rows
     */
    public record Family(String name, String sql, String oracleSql, boolean pinned, List<String> tables, boolean ordered) {
        Family(String name, String sql, boolean pinned, List<String> tables, boolean ordered) {
            this(name, sql, null, pinned, tables, ordered);
        }
    }

    /**
     * One statement to check: a family with its segments and numbers chosen, in literal or parameter form.
     *
     * @param pinned whether every reference is pinned to {@code segment}: it runs whole there when the segment
     *               has every table the statement reads
     */
    public record Case(Family family, String sql, String oracleSql, List<Object> parameters, String segment, boolean pinned) {}

    private static final String T_COLUMNS = "a.id, a.grp, a.n, a.x, a.v, a.s";
    private static final String U_COLUMNS = "b.k, b.label";

    public static final List<Family> FAMILIES = List.of(
            new Family("inner join", "SELECT a.grp, b.label, count(*), sum(a.n), max(a.s) FROM t a JOIN u b ON b.k = a.n % 20 "
                    + "WHERE a._segment = $S AND b._segment = $S AND a.n > $N GROUP BY a.grp, b.label", true, List.of("t", "u"), false),
            new Family("left join, NULL _segment", "SELECT a.id, a.grp, b.label, b._segment, a._segment FROM t a LEFT JOIN u b "
                    + "ON b.k = a.n AND b._segment = $S WHERE a._segment = $S", true, List.of("t", "u"), false),
            new Family("left join counted", "SELECT count(b._segment), count(*), count(b.k), sum(CASE WHEN b._segment IS NULL THEN 1 ELSE 0 END) "
                    + "FROM t a LEFT JOIN u b ON b.k = a.n + $N % 5 AND b._segment = $S WHERE a._segment = $S", true, List.of("t", "u"), false),
            new Family("table twice", "SELECT a.grp, count(*), sum(b.n) FROM t a JOIN t b ON a.grp = b.grp AND a.id < b.id "
                    + "WHERE a._segment = $S AND b._segment = $S GROUP BY a.grp", true, List.of("t"), false),
            new Family("IN subquery", "SELECT id, n, _segment FROM t WHERE _segment = $S AND n IN (SELECT k FROM u WHERE _segment = $S AND k > $N % 10)",
                    true, List.of("t", "u"), false),
            new Family("correlated EXISTS", "SELECT a.id, a.s FROM t a WHERE a._segment = $S AND NOT EXISTS "
                    + "(SELECT 1 FROM u b WHERE b.k = a.n AND b._segment = $S)", true, List.of("t", "u"), false),
            new Family("scalar subquery", "SELECT a.grp, a.n, (SELECT count(*) FROM u b WHERE b._segment = $S AND b.k > a.n) AS bigger "
                    + "FROM t a WHERE a._segment = $S AND a.n < $N", true, List.of("t", "u"), false),
            new Family("CTE", "WITH x AS (SELECT grp, n, _segment AS seg FROM t WHERE _segment = $S AND n > $N) "
                    + "SELECT grp, seg, count(*), max(n), total(n) FROM x GROUP BY grp, seg", true, List.of("t"), false),
            new Family("CTE joined", "WITH x AS (SELECT k, count(*) AS c FROM u WHERE _segment = $S GROUP BY k) "
                    + "SELECT a.id, x.c FROM t a JOIN x ON x.k = a.n WHERE a._segment = $S", true, List.of("t", "u"), false),
            new Family("CASE join", "SELECT CASE WHEN a.n > $N THEN 'big' WHEN a.n IS NULL THEN 'none' ELSE 'small' END AS size, count(*), "
                    + "min(c.col1) FROM t a JOIN tab0 c ON c.col0 = a.n WHERE a._segment = $S AND c._segment = $S GROUP BY 1", true,
                    List.of("t", "tab0"), false),
            new Family("star", "SELECT * FROM t a JOIN u b ON a.n = b.k WHERE a._segment = $S AND b._segment = $S",
                    "SELECT " + T_COLUMNS + ", " + U_COLUMNS + " FROM t a JOIN u b ON a.n = b.k WHERE a._segment = $S AND b._segment = $S",
                    true, List.of("t", "u"), false),
            new Family("star without _segment in the select list", "SELECT * FROM tab1 p, tab2 q WHERE p.pk + 1000 = q.pk AND p._segment = $S "
                    + "AND q._segment = $S", "SELECT p.pk, p.col0, p.col1, p.col2, q.pk, q.col0, q.col1, q.col2 FROM tab1 p, tab2 q "
                    + "WHERE p.pk + 1000 = q.pk AND p._segment = $S AND q._segment = $S", true, List.of("tab1", "tab2"), false),
            new Family("union", "SELECT grp AS g, _segment FROM t WHERE _segment = $S UNION SELECT label, _segment FROM u WHERE _segment = $S",
                    true, List.of("t", "u"), false),
            new Family("window", "SELECT id, grp, n, rank() OVER (PARTITION BY grp ORDER BY n, id) FROM t WHERE _segment = $S", true, List.of("t"), false),
            new Family("ordered join with limit", "SELECT p.pk, p.col0, q.col1 FROM tab1 p JOIN tab2 q ON p.col0 < $N AND q.col0 = 'b' "
                    + "WHERE p._segment = $S AND q._segment = $S ORDER BY p.pk, q.pk LIMIT 7", true, List.of("tab1", "tab2"), true),
            new Family("_segment grouped", "SELECT a._segment, b._segment, count(*) FROM t a JOIN tab0 b ON b.col1 > a.n "
                    + "WHERE a._segment IN ($S) AND b._segment = $S GROUP BY a._segment, b._segment", true, List.of("t", "tab0"), false),
            new Family("_segment compared", "SELECT a.id, a._segment = b._segment, a._segment || '/' || b.label FROM t a JOIN u b ON b.k = a.n "
                    + "WHERE a._segment = $S AND b._segment = $S AND a._segment <> 7", true, List.of("t", "u"), false),
            new Family("right join", "SELECT a.id, b.label, a._segment, b._segment FROM u b RIGHT JOIN t a ON b.k = a.n AND b._segment = $S "
                    + "WHERE a._segment = $S AND a.n < $N", true, List.of("t", "u"), false),
            new Family("full join of derived tables", "SELECT a.id, b.label, b.k, a.seg, b.seg FROM (SELECT id, n, _segment AS seg FROM t "
                    + "WHERE _segment = $S) a FULL JOIN (SELECT k, label, _segment AS seg FROM u WHERE _segment = $S) b ON b.k = a.n", true,
                    List.of("t", "u"), false),
            new Family("natural join", "SELECT * FROM tab0 p NATURAL JOIN tab0 q WHERE p._segment = $S AND q._segment = $S AND p.col0 > $N",
                    "SELECT p.pk, p.col0, p.col1, p.col2, q.pk, q.col0, q.col1, q.col2 FROM tab0 p NATURAL JOIN tab0 q "
                    + "WHERE p._segment = $S AND q._segment = $S AND p.col0 > $N", true, List.of("tab0"), false),
            new Family("IN list with a segment that does not exist", "SELECT a.grp, count(DISTINCT b.label) FROM t a JOIN u b ON b.k < a.n "
                    + "WHERE a._segment IN ($S, 'zz') AND b._segment IN ($S, 'zz') GROUP BY a.grp HAVING count(*) > 1 ORDER BY a.grp LIMIT 3 OFFSET 1",
                    true, List.of("t", "u"), true),
            // One table naming one segment: a simple shape that would otherwise take Calcite's split plan.
            new Family("one table grouped", "SELECT grp, count(*), sum(n), total(x), avg(n), min(s), max(v), count(DISTINCT n % 5) FROM t "
                    + "WHERE _segment = $S AND n > $N GROUP BY grp ORDER BY grp", true, List.of("t"), true),
            new Family("one table ordered with limit", "SELECT id, n, s, _segment FROM t WHERE n < $N AND $S = _segment ORDER BY n DESC, id LIMIT 9 OFFSET 2",
                    true, List.of("t"), true),
            new Family("one table, its segment named twice", "SELECT count(*), sum(x) FROM t WHERE _segment IN ($S) AND (_segment = $S OR _segment = 'zz')",
                    true, List.of("t"), false),
            new Family("one table, two segments named", "SELECT grp, count(*) FROM t WHERE _segment IN ($S, $T) AND n <> $N GROUP BY grp",
                    false, List.of("t"), false),
            new Family("one table, a segment named and a range", "SELECT id, s FROM t WHERE _segment = $S AND _segment >= 'seg' AND n > $N",
                    true, List.of("t"), false),
            new Family("subquery free", "SELECT a.id FROM t a WHERE a._segment = $S AND a.n > (SELECT avg(n) FROM t)", false, List.of("t"), false),
            new Family("one reference free", "SELECT a.grp, count(*) FROM t a JOIN u b ON b.k = a.n WHERE a._segment = $S GROUP BY a.grp",
                    false, List.of("t", "u"), false),
            new Family("two segments", "SELECT a.grp, count(*) FROM t a JOIN tab0 b ON b.col0 = a.n WHERE a._segment = $S AND b._segment = $T "
                    + "GROUP BY a.grp", false, List.of("t", "tab0"), false),
            new Family("pinned through the join", "SELECT a.id, b.label FROM t a JOIN u b ON b.k = a.n AND b._segment = a._segment "
                    + "WHERE a._segment = $S", false, List.of("t", "u"), false),
            new Family("null-supplying side pinned in WHERE", "SELECT a.id, b.label, b._segment FROM t a LEFT JOIN u b ON b.k = a.n "
                    + "WHERE a._segment = $S AND (b._segment = $S OR b._segment IS NULL)", false, List.of("t", "u"), false));

    private PinnedStatements() {}

    /**
     * {@code count} cases drawn from the families that read only {@code tables}, over {@code segments} (and
     * one no segment has).
     */
    public static List<Case> generate(List<String> segments, Set<String> tables, int count, long seed) {
        List<Family> families = FAMILIES.stream().filter(family -> tables.containsAll(family.tables())).toList();
        Random random = new Random(seed);
        List<String> choices = new ArrayList<>(segments);
        choices.add("no-such-segment");
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Family family = families.get(i % families.size());
            String segment = choices.get(random.nextInt(choices.size()));
            String other = segments.get(random.nextInt(segments.size()));
            String number = Integer.toString(random.nextInt(160) - 40);
            boolean parameters = random.nextBoolean();
            List<Object> values = new ArrayList<>();
            String sql = fill(family.sql(), segment, other, number, parameters, values);
            String oracleSql = family.oracleSql() == null ? sql : fill(family.oracleSql(), segment, other, number, parameters, new ArrayList<>());
            boolean pinned = family.pinned() || family.sql().contains("$T") && other.equals(segment);
            cases.add(new Case(family, sql, oracleSql, values, segment, pinned));
        }
        return cases;
    }

    private static String fill(String template, String segment, String other, String number, boolean parameters, List<Object> values) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '$' && i + 1 < template.length() && "STN".indexOf(template.charAt(i + 1)) >= 0) {
                char which = template.charAt(++i);
                String value = which == 'S' ? segment : which == 'T' ? other : number;
                if (which == 'N' && !parameters) {
                    sql.append(value);
                } else if (which == 'N') {
                    sql.append('?');
                    values.add(Integer.parseInt(value));
                } else if (parameters) {
                    sql.append('?');
                    values.add(value);
                } else {
                    sql.append('\'').append(value).append('\'');
                }
            } else {
                sql.append(c);
            }
        }
        return sql.toString();
    }

    /** Null when Trough answers the case as the oracle does, else what differs (or Trough's error). */
    public static String difference(Connection trough, Connection oracle, Case check) throws SQLException {
        List<List<Object>> expected;
        try (PreparedStatement statement = oracle.prepareStatement(check.oracleSql())) {
            bind(statement, check.parameters());
            try (ResultSet rows = statement.executeQuery()) {
                expected = ResultComparison.read(rows);
            }
        }
        List<List<Object>> actual;
        try (PreparedStatement statement = trough.prepareStatement(check.sql())) {
            bind(statement, check.parameters());
            try (ResultSet rows = statement.executeQuery()) {
                actual = ResultComparison.read(rows);
            }
        } catch (SQLException e) {
            return "Trough failed: " + e.getMessage();
        }
        return ResultComparison.difference(expected, actual, check.family().ordered(), false);
    }

    private static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) statement.setObject(i + 1, values.get(i));
    }

    /** What EXPLAIN says of the case's statement with its segment written in (no parameters). */
    public static String plan(Connection trough, Case check) throws SQLException {
        String sql = check.sql();
        for (Object value : check.parameters()) sql = sql.replaceFirst("\\?", value instanceof String ? "'" + value + "'" : value.toString());
        try (PreparedStatement statement = trough.prepareStatement("EXPLAIN PLAN FOR " + sql); ResultSet rows = statement.executeQuery()) {
            StringBuilder plan = new StringBuilder();
            while (rows.next()) plan.append(rows.getString(1)).append('\n');
            return plan.toString();
        }
    }
}
