package trough.jdbc.oracle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random queries over the oracle data set, covering what is pushed down: filters (on columns and on
 * {@code _segment}), projections and expressions, GROUP BY with every splittable aggregate (DISTINCT ones
 * too), HAVING, ORDER BY with LIMIT/OFFSET, and DISTINCT. ORDER BY always ends with a total order so that
 * the expected rows are well defined; a LIMIT without ORDER BY is compared by row count only.
 */
final class QueryGenerator {
    private static final String[] COLUMNS = {"id", "grp", "n", "x", "v", "s"};
    private static final String[] EXPRESSIONS = {"n + 1", "n * 2", "n / 3", "x * 2", "x + n", "-n", "upper(grp)", "lower(s)",
            "CASE WHEN n > 10 THEN 'big' WHEN n IS NULL THEN 'none' ELSE 'small' END", "coalesce(n, -1)", "nullif(n, 0)",
            "substring(s, 1, 2)", "abs(n)", "_segment", "n % 7", "length(s)", "typeof(v)", "ifnull(n, 0)", "instr(s, 'a')",
            "substr(s, 2)", "hex(v)", "iif(n > 0, 'pos', 'neg')", "quote(v)"};
    private static final String[] GROUP_KEYS = {"grp", "n % 3", "_segment", "s IS NULL", "CASE WHEN x > 0 THEN 1 ELSE 0 END", "typeof(v)"};
    private static final String[] AGGREGATES = {"count(*)", "count(n)", "count(v)", "sum(n)", "sum(x)", "avg(n)", "avg(x)",
            "min(n)", "max(x)", "min(v)", "max(v)", "min(s)", "max(grp)", "count(DISTINCT grp)", "count(DISTINCT n)",
            "sum(DISTINCT n)", "avg(DISTINCT n)", "count(DISTINCT v)", "total(x)", "total(n)", "max(length(s))"};

    private final Random random;
    private final List<String> segments;

    QueryGenerator(long seed, List<String> segments) {
        this.random = new Random(seed);
        this.segments = segments;
    }

    /**
     * A query and how to compare its answer: in order or as a multiset, rows or only their count, and whether
     * equal numbers of different storage classes (4 and 4.0) may stand for each other: under GROUP BY or
     * DISTINCT SQLite keeps whichever of them it met first, so the representative is not part of the answer.
     */
    record Query(String sql, boolean ordered, boolean countOnly, boolean mixedKeys) {
        static Query of(String sql, boolean ordered, boolean countOnly) {
            String lower = sql.toLowerCase(java.util.Locale.ROOT);
            boolean groupsOnV = lower.matches(".*(group by|distinct)[^;]*\\bv\\b.*");
            return new Query(sql, ordered, countOnly, groupsOnV);
        }
    }

    Query next() {
        return random.nextInt(5) < 2 ? rowQuery() : aggregateQuery();
    }

    private Query rowQuery() {
        int shape = random.nextInt(4);
        if (shape == 0) return Query.of(orderedRowQuery(), true, false);
        List<String> select = new ArrayList<>();
        int items = 1 + random.nextInt(4);
        for (int i = 0; i < items; i++) {
            select.add(random.nextBoolean() ? pick(COLUMNS) : pick(EXPRESSIONS));
        }
        boolean distinct = random.nextInt(6) == 0;
        StringBuilder sql = new StringBuilder("SELECT ").append(distinct ? "DISTINCT " : "").append(String.join(", ", select))
                .append(" FROM t");
        where(sql);
        if (shape == 1 && !distinct) {
            sql.append(" LIMIT ").append(1 + random.nextInt(20));
            return Query.of(sql.toString(), false, true);
        }
        return Query.of(sql.toString(), false, false);
    }

    /** ORDER BY a column, then by (id, _segment) which is unique, with LIMIT and OFFSET. */
    private String orderedRowQuery() {
        String key = pick(new String[] {"n", "x", "s", "grp", "v"});
        String expression = pick(EXPRESSIONS);
        // Naming _segment twice makes ORDER BY _segment ambiguous for Calcite (SQLite takes the first); see docs.
        if (expression.equals("_segment")) expression = "n * 3";
        StringBuilder sql = new StringBuilder("SELECT id, _segment, ").append(key).append(", ").append(expression).append(" FROM t");
        where(sql);
        sql.append(" ORDER BY ").append(key).append(random.nextBoolean() ? " DESC" : "").append(", id, _segment");
        if (random.nextBoolean()) {
            sql.append(" LIMIT ").append(1 + random.nextInt(30));
            if (random.nextBoolean()) sql.append(" OFFSET ").append(random.nextInt(10));
        }
        return sql.toString();
    }

    private Query aggregateQuery() {
        List<String> keys = new ArrayList<>();
        int keyCount = random.nextInt(3);
        for (int i = 0; i < keyCount; i++) {
            String key = pick(GROUP_KEYS);
            if (!keys.contains(key)) keys.add(key);
        }
        List<String> aggregates = new ArrayList<>();
        int aggregateCount = 1 + random.nextInt(3);
        for (int i = 0; i < aggregateCount; i++) aggregates.add(pick(AGGREGATES));
        List<String> select = new ArrayList<>(keys);
        select.addAll(aggregates);
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select)).append(" FROM t");
        where(sql);
        if (!keys.isEmpty()) {
            sql.append(" GROUP BY ").append(String.join(", ", keys));
            if (random.nextInt(3) == 0) sql.append(" HAVING count(*) > ").append(random.nextInt(10));
            if (random.nextBoolean()) {
                // Every selected column in the ORDER BY: a total order over the groups.
                List<String> order = new ArrayList<>();
                for (int i = 1; i <= select.size(); i++) order.add(i + (random.nextBoolean() ? " DESC" : ""));
                sql.append(" ORDER BY ").append(String.join(", ", order));
                if (random.nextBoolean()) sql.append(" LIMIT ").append(1 + random.nextInt(5));
                return Query.of(sql.toString(), true, false);
            }
        }
        return Query.of(sql.toString(), false, false);
    }

    private void where(StringBuilder sql) {
        int kind = random.nextInt(4);
        if (kind == 0) return;
        List<String> predicates = new ArrayList<>();
        int count = 1 + random.nextInt(2);
        for (int i = 0; i < count; i++) predicates.add(predicate());
        sql.append(" WHERE ").append(String.join(random.nextBoolean() ? " AND " : " OR ", predicates));
    }

    private String predicate() {
        return switch (random.nextInt(13)) {
            case 0 -> "n > " + (random.nextInt(100) - 20);
            case 1 -> "n BETWEEN " + random.nextInt(20) + " AND " + (20 + random.nextInt(60));
            case 2 -> "grp = '" + pick(new String[] {"a", "b", "ä", "日本"}) + "'";
            case 3 -> "grp IS NULL";
            case 4 -> "x < " + (random.nextInt(200) - 100);
            case 5 -> "s LIKE 's" + (char) ('a' + random.nextInt(6)) + "%'";
            case 6 -> "v IS NOT NULL";
            case 7 -> "_segment = '" + pick(segments) + "'";
            case 8 -> "_segment IN ('" + pick(segments) + "', '" + pick(segments) + "')";
            case 9 -> "_segment LIKE 'SEG-0%'";
            case 10 -> "_segment > '" + pick(segments) + "'";
            case 11 -> "NOT (n < 5)";
            default -> "n IN (1, 2, 3, 5, 8, 13, 21)";
        };
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }
}
