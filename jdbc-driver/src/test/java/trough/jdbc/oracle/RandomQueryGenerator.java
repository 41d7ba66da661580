package trough.jdbc.oracle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Random queries over {@link OracleDataSet}'s t and u and {@link SmallTables}' tab0, tab1 and tab2, in the
 * spirit of SQLancer's generators: a typed grammar of expressions (literals, columns, arithmetic, CAST, NULL
 * handling, CASE, string and numeric functions, comparisons, BETWEEN, IN lists, LIKE), predicates with
 * subqueries (IN, nested IN, EXISTS, scalar and correlated), and query shapes: projections, aggregates,
 * GROUP BY with HAVING and SQLite's bare columns, DISTINCT, joins, derived tables and CTEs, set operations
 * and window functions.
 *
 * <p>Only what SQLite defines is generated, so that the oracle's answer is the answer: an ORDER BY is
 * compared in order only when it lists every output column (rows it leaves tied are then equal) and no
 * column may hold both 4 and 4.0 (which sort as equals); LIMIT only comes with such an order; bare columns
 * only where their value is fixed (a constant wins in COALESCE, or the group is one row); GROUP_CONCAT only
 * where its order does not show; sums only over exact values (integers and multiples of 1/4), so that the
 * order of summation does not change them; scalar subqueries always aggregate to one row. Each query names
 * the families of the grammar it uses.
 */
final class RandomQueryGenerator {
    /** The storage classes an expression's values may have: ANY when integers and reals may both appear. */
    enum Kind { INT, REAL, TEXT, ANY }

    record Column(String name, Kind kind) {}

    record Table(String name, List<Column> columns) {}

    /** An expression; exact when its values are (no real division, no decimal fraction), so any sum of them is. */
    record Expr(String sql, Kind kind, boolean exact) {}

    /** A query, how to compare its answer, and the families of the grammar it uses. */
    record RandomQuery(String sql, boolean ordered, boolean mixedKeys, Set<String> families) {}

    static final List<Table> TABLES = List.of(
            table("t", "id INT", "grp TEXT", "n INT", "x REAL", "v ANY", "s TEXT"),
            table("u", "k INT", "label TEXT"),
            table("tab0", "pk INT", "col0 INT", "col1 INT", "col2 INT"),
            table("tab1", "pk INT", "col0 REAL", "col1 REAL", "col2 REAL"),
            table("tab2", "pk INT", "col0 TEXT", "col1 TEXT", "col2 TEXT"));
    private static final List<Table> SMALL = TABLES.subList(2, 5);

    private static final String[] DYADIC = {"0.5", "1.25", "2.5", "-3.75", "10.0", "0.0", "99.5", "-0.25"};
    private static final String[] DECIMAL = {"0.06", "0.01", "0.1", "1.1", "3.3", "0.07"};
    private static final String[] TEXTS = {"'a'", "'b'", "'Ab'", "'12'", "'3.5'", "''", "' x '", "'é'", "'abc'", "'seg-01'", "'10'"};
    private static final String[] PATTERNS = {"'a%'", "'%b%'", "'_'", "'1%'", "'%'", "'A%'", "'%é'", "'s_%'", "'%.%'"};

    private static final java.util.regex.Pattern COLUMN_REFERENCE = java.util.regex.Pattern.compile("\\ba\\d+\\.\\w");

    private final Random random;
    private final Set<String> families = new TreeSet<>();
    private int aliases;
    private int subqueryLevel;
    private boolean mixedKeys;

    RandomQueryGenerator(long seed) {
        this.random = new Random(seed);
    }

    RandomQuery next() {
        families.clear();
        aliases = 0;
        subqueryLevel = 0;
        mixedKeys = false;
        Select select = switch (random.nextInt(22)) {
            case 0, 1, 2, 3 -> rows(from(false), true);
            case 4, 5 -> aggregate(from(false));
            case 6, 7, 8, 9 -> grouped(from(false), true);
            case 10 -> groupedByKey();
            case 11 -> distinctConstants();
            case 12, 13, 14 -> join();
            case 15, 16 -> derived();
            case 17, 18 -> setOperation();
            case 19 -> window();
            default -> rows(from(true), true);
        };
        boolean mixed = mixedKeys || select.kinds.contains(Kind.ANY) && (families.contains("distinct") || families.contains("group by"));
        return new RandomQuery(select.sql, select.ordered, mixed, Collections.unmodifiableSet(new TreeSet<>(families)));
    }

    /** A SELECT's text, the kinds of its columns, and whether its ORDER BY fixes the order of its rows. */
    private record Select(String sql, List<Kind> kinds, boolean ordered) {}

    /** The tables in reach of an expression: a FROM clause's, and for a subquery, those of the query around it. */
    private record Scope(List<Source> sources, Scope outer, String from, boolean hasWhere) {}

    private record Source(String alias, Table table) {}

    // ---- query shapes ----

    private Select rows(Scope scope, boolean top) {
        families.add("rows");
        List<Expr> items = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) items.add(value(scope, pickKind(top), 2));
        boolean distinct = random.nextInt(6) == 0;
        if (distinct) families.add("distinct");
        String sql = "SELECT " + (distinct ? "DISTINCT " : "") + selectList(items) + " FROM " + scope.from + where(scope);
        return top ? orderAndLimit(sql, kinds(items)) : new Select(sql, kinds(items), false);
    }

    private Select aggregate(Scope scope) {
        families.add("aggregate");
        List<Expr> items = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) items.add(aggregateValue(scope));
        return new Select("SELECT " + selectList(items) + " FROM " + scope.from + where(scope), kinds(items), false);
    }

    /** GROUP BY on columns or expressions, with aggregates, functions of the keys, bare constants, HAVING. */
    private Select grouped(Scope scope, boolean top) {
        families.add("group by");
        List<Expr> keys = new ArrayList<>();
        int keyCount = 1 + random.nextInt(2);
        for (int i = 0; i < keyCount; i++) {
            Expr chosen = random.nextInt(3) == 0 ? value(scope, 1) : column(scope, pickKind());
            // SQLite reads a constant integer as the number of an output column (GROUP BY 67 or -(99) is refused): keys read a column.
            if (chosen == null || !COLUMN_REFERENCE.matcher(chosen.sql).find()) chosen = column(scope, null);
            // Of 4 and 4.0 in one group SQLite keeps either: a query around this one must not see which.
            Expr key = chosen.kind == Kind.ANY && !top ? new Expr("typeof(" + chosen.sql + ")", Kind.TEXT, true) : chosen;
            if (keys.stream().noneMatch(k -> k.sql.equals(key.sql))) keys.add(key);
        }
        List<Expr> items = new ArrayList<>(keys);
        if (random.nextInt(4) == 0) {
            Expr key = keys.get(0);
            items.add(key.kind == Kind.TEXT ? new Expr("upper(" + key.sql + ")", Kind.TEXT, true)
                    : new Expr("(" + key.sql + " * 2)", key.kind, key.exact));
        }
        int aggregates = random.nextInt(3) + (items.size() == keys.size() ? 1 : 0);
        for (int i = 0; i < aggregates; i++) items.add(aggregateValue(scope));
        if (random.nextInt(5) == 0) {
            families.add("bare column");
            Expr column = column(scope, null);
            items.add(random.nextInt(5) == 0 ? new Expr("IFNULL(7, " + column.sql + ")", Kind.INT, true)
                    : new Expr("COALESCE(93, " + column.sql + ")", Kind.INT, true));
        }
        Collections.shuffle(items, random);
        StringBuilder sql = new StringBuilder("SELECT ").append(selectList(items)).append(" FROM ").append(scope.from).append(where(scope));
        sql.append(" GROUP BY ").append(String.join(", ", keys.stream().map(Expr::sql).toList()));
        if (random.nextInt(3) == 0) {
            families.add("having");
            sql.append(" HAVING ").append(having(scope));
        }
        if (keys.stream().anyMatch(k -> k.kind == Kind.ANY)) mixedKeys = true;
        return top ? orderAndLimit(sql.toString(), kinds(items)) : new Select(sql.toString(), kinds(items), false);
    }

    /** GROUP BY a table's unique key: every column is a bare column with one value per group, as is GROUP_CONCAT. */
    private Select groupedByKey() {
        families.add("bare column");
        families.add("group by");
        Table table = pick(SMALL);
        Scope scope = scopeOf(null, new Source(alias(), table));
        String a = scope.sources.get(0).alias;
        List<Expr> items = new ArrayList<>(List.of(new Expr(a + ".pk", Kind.INT, true)));
        items.add(value(scope, 1));
        if (random.nextBoolean()) {
            families.add("group_concat");
            items.add(new Expr("group_concat(" + a + ".col0)", Kind.TEXT, true));
        }
        items.add(aggregateValue(scope));
        String sql = "SELECT " + selectList(items) + " FROM " + scope.from + where(scope) + " GROUP BY " + a + ".pk";
        return orderAndLimit(sql, kinds(items));
    }

    private Select distinctConstants() {
        families.add("distinct constant");
        families.add("distinct");
        Scope scope = from(random.nextInt(4) == 0);
        List<Expr> items = new ArrayList<>();
        items.add(random.nextBoolean() ? new Expr(Integer.toString(random.nextInt(100)), Kind.INT, true)
                : random.nextBoolean() ? new Expr(pick(TEXTS), Kind.TEXT, true) : new Expr(pick(DYADIC), Kind.REAL, true));
        if (random.nextBoolean()) items.add(value(scope, 1));
        Collections.shuffle(items, random);
        return orderAndLimit("SELECT DISTINCT " + selectList(items) + " FROM " + scope.from + where(scope), kinds(items));
    }

    private Select join() {
        Scope scope = from(true);
        return switch (random.nextInt(3)) {
            case 0 -> rows(scope, true);
            case 1 -> aggregate(scope);
            default -> grouped(scope, true);
        };
    }

    /** A derived table or a CTE, grouped or not, queried by an outer query that may aggregate its rows. */
    private Select derived() {
        boolean cte = random.nextBoolean();
        families.add(cte ? "cte" : "derived table");
        Scope inner = from(random.nextInt(4) == 0);
        Select body;
        if (random.nextBoolean()) {
            body = grouped(inner, false);
        } else if (random.nextInt(3) == 0 && inner.sources.size() == 1) {
            families.add("_segment");
            String a = inner.sources.get(0).alias;
            List<Expr> items = List.of(new Expr(a + "._segment", Kind.TEXT, true), value(inner, 1));
            body = new Select("SELECT " + selectList(items) + " FROM " + inner.from + where(inner), kinds(items), false);
        } else {
            body = rows(inner, false);
        }
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < body.kinds.size(); i++) columns.add(new Column("c" + i, body.kinds.get(i)));
        String name = alias();
        Table table = new Table(name, columns);
        String prefix = cte ? "WITH " + name + " AS (" + body.sql + ") " : "";
        String from = cte ? name : "(" + body.sql + ") AS " + name;
        Scope outer = new Scope(List.of(new Source(name, table)), null, from, false);
        if (random.nextInt(5) == 0) {
            families.add("select *");
            return orderAndLimit(prefix + "SELECT * FROM " + from + where(outer), body.kinds);
        }
        int shape = random.nextInt(3);
        if (shape > 0) families.add("aggregate over derived");
        Select select = switch (shape) {
            case 0 -> rows(outer, true);
            case 1 -> aggregate(outer);
            default -> grouped(outer, true);
        };
        return new Select(prefix + select.sql, select.kinds, select.ordered);
    }

    private Select setOperation() {
        String operator = pick(new String[] {"UNION", "UNION ALL", "INTERSECT", "EXCEPT"});
        families.add(operator.toLowerCase(java.util.Locale.ROOT));
        List<Kind> kinds = new ArrayList<>();
        int width = 1 + random.nextInt(3);
        for (int i = 0; i < width; i++) kinds.add(pickKind());
        if (kinds.contains(Kind.ANY) && !operator.equals("UNION ALL")) mixedKeys = true;
        String left = operand(kinds);
        String right = operand(kinds);
        return orderAndLimit(left + " " + operator + " " + right, kinds);
    }

    private String operand(List<Kind> kinds) {
        Scope scope = from(false);
        List<Expr> items = new ArrayList<>();
        for (Kind kind : kinds) items.add(value(scope, kind, 1));
        return "SELECT " + selectList(items) + " FROM " + scope.from + where(scope);
    }

    /** Window functions whose values SQLite defines: row_number over a unique key, rank and sums over peers. */
    private Select window() {
        families.add("window");
        Table table = pick(SMALL);
        Scope scope = scopeOf(null, new Source(alias(), table));
        String a = scope.sources.get(0).alias;
        String c = a + ".col" + random.nextInt(3);
        String p = a + ".col" + random.nextInt(3);
        Kind kind = table.columns.get(1).kind;
        String partition = random.nextBoolean() ? "PARTITION BY " + p + " " : "";
        String direction = random.nextBoolean() ? " DESC" : "";
        List<Expr> items = new ArrayList<>(List.of(new Expr(a + ".pk", Kind.INT, true), column(scope, null)));
        items.add(switch (random.nextInt(kind == Kind.TEXT ? 4 : 6)) {
            case 0 -> new Expr("row_number() OVER (" + partition + "ORDER BY " + a + ".pk" + direction + ")", Kind.INT, true);
            case 1 -> new Expr("rank() OVER (" + partition + "ORDER BY " + c + direction + ")", Kind.INT, true);
            case 2 -> new Expr("dense_rank() OVER (" + partition + "ORDER BY " + c + direction + ")", Kind.INT, true);
            case 3 -> new Expr("count(*) OVER (" + partition.trim() + ")", Kind.INT, true);
            case 4 -> new Expr("sum(" + c + ") OVER (" + partition + "ORDER BY " + a + ".pk" + direction + ")", kind, true);
            default -> new Expr("sum(" + c + ") OVER (" + partition.trim() + ")", kind, true);
        });
        return orderAndLimit("SELECT " + selectList(items) + " FROM " + scope.from + where(scope), kinds(items));
    }

    /**
     * ORDER BY every output column (rows it leaves tied are equal, so the order is total), then LIMIT/OFFSET;
     * or ORDER BY some columns, compared as a multiset; or no ORDER BY.
     */
    private Select orderAndLimit(String sql, List<Kind> kinds) {
        int choice = random.nextInt(10);
        if (choice < 5) return new Select(sql, kinds, false);
        List<String> terms = new ArrayList<>();
        for (int i = 1; i <= kinds.size(); i++) terms.add(i + (random.nextBoolean() ? " DESC" : ""));
        Collections.shuffle(terms, random);
        if (choice == 9 && terms.size() > 1) {
            families.add("order by (partial)");
            return new Select(sql + " ORDER BY " + terms.get(0), kinds, false);
        }
        StringBuilder ordered = new StringBuilder(sql).append(" ORDER BY ").append(String.join(", ", terms));
        boolean total = !kinds.contains(Kind.ANY);
        families.add("order by");
        if (total && random.nextBoolean()) {
            families.add("limit");
            ordered.append(" LIMIT ").append(1 + random.nextInt(8));
            if (random.nextBoolean()) ordered.append(" OFFSET ").append(random.nextInt(5));
        }
        return new Select(ordered.toString(), kinds, total);
    }

    // ---- FROM ----

    /** One table, or (when {@code join}) two or three joined in one of SQL's ways. */
    private Scope from(boolean join) {
        Table first = random.nextInt(4) == 0 ? TABLES.get(random.nextInt(2)) : pick(SMALL);
        Source a = new Source(alias(), first);
        if (!join) return scopeOf(null, a);
        // Only small tables cross; t joins on an equality, so no join makes more than a few thousand rows.
        Table second = random.nextInt(3) == 0 ? first : pick(first.name.equals("t") ? TABLES : SMALL);
        Source b = new Source(alias(), second);
        if (second == first) families.add("self join");
        Scope both = new Scope(List.of(a, b), null, "", false);
        String on = joinCondition(both, a, b);
        boolean small = SMALL.contains(first) && SMALL.contains(second) || second.name.equals("u") && SMALL.contains(first);
        int style = random.nextInt(small ? 5 : 3);
        String from = switch (style) {
            case 0 -> {
                families.add("inner join");
                yield named(a) + " JOIN " + named(b) + " ON " + on;
            }
            case 1 -> {
                families.add("left join");
                yield named(a) + " LEFT JOIN " + named(b) + " ON " + on;
            }
            case 2 -> {
                families.add("comma join");
                // The join condition joins the WHERE clause that where() may add to.
                yield named(a) + ", " + named(b) + " WHERE " + on;
            }
            case 3 -> {
                families.add("cross join");
                yield named(a) + " CROSS JOIN " + named(b);
            }
            default -> {
                families.add("comma join");
                yield named(a) + ", " + named(b);
            }
        };
        List<Source> sources = new ArrayList<>(List.of(a, b));
        if (small && style == 0 && random.nextInt(3) == 0) {
            Source c = new Source(alias(), pick(SMALL));
            families.add("three-way join");
            sources.add(c);
            from += " JOIN " + named(c) + " ON " + joinCondition(new Scope(sources, null, "", false), b, c);
        }
        return new Scope(List.copyOf(sources), null, from, style == 2);
    }

    private String joinCondition(Scope scope, Source a, Source b) {
        Kind kind = a.table.columns.get(1).kind == b.table.columns.get(1).kind ? a.table.columns.get(1).kind : Kind.INT;
        String left = columnOf(a, kind);
        String right = columnOf(b, kind);
        String equality = left + " = " + right;
        return random.nextInt(4) == 0 ? "(" + equality + " AND " + predicate(scope, 1) + ")" : equality;
    }

    private String columnOf(Source source, Kind kind) {
        List<Column> columns = source.table.columns.stream().filter(c -> c.kind == kind).toList();
        return source.alias + "." + pick(columns.isEmpty() ? source.table.columns : columns).name;
    }

    private Scope scopeOf(Scope outer, Source source) {
        return new Scope(List.of(source), outer, named(source), false);
    }

    private static String named(Source source) {
        return source.table.name + " AS " + source.alias;
    }

    private String alias() {
        return "a" + aliases++;
    }

    // ---- expressions ----

    private Expr value(Scope scope, int depth) {
        return value(scope, pickKind(), depth);
    }

    private Expr value(Scope scope, Kind kind, int depth) {
        return switch (kind) {
            case INT -> integer(scope, depth);
            case REAL -> real(scope, depth);
            case TEXT -> text(scope, depth);
            case ANY -> any(scope, depth);
        };
    }

    /** A kind; ANY (values whose storage class SQLite's DISTINCT or GROUP BY picks arbitrarily) only when allowed. */
    private Kind pickKind(boolean allowAny) {
        return allowAny ? pickKind() : pick(new Kind[] {Kind.INT, Kind.INT, Kind.REAL, Kind.TEXT});
    }

    private Kind pickKind() {
        int choice = random.nextInt(20);
        return choice < 8 ? Kind.INT : choice < 13 ? Kind.REAL : choice < 19 ? Kind.TEXT : Kind.ANY;
    }

    private Expr integer(Scope scope, int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) return leaf(scope, Kind.INT);
        int d = depth - 1;
        return switch (random.nextInt(16)) {
            case 0, 1 -> arithmetic(integer(scope, d), integer(scope, d), pick(new String[] {"+", "-", "*"}));
            case 2 -> tagged("integer division", arithmetic(integer(scope, d), integer(scope, d), "/"));
            case 3 -> tagged("modulo", arithmetic(integer(scope, d), integer(scope, d), "%"));
            case 4 -> tagged("unary minus", new Expr("-(" + integer(scope, d).sql + ")", Kind.INT, true));
            case 5 -> tagged("cast", new Expr("CAST(" + (random.nextBoolean() ? real(scope, d) : text(scope, d)).sql + " AS INTEGER)", Kind.INT, true));
            case 6 -> tagged("nullif", new Expr("NULLIF(" + integer(scope, d).sql + ", " + intLiteral() + ")", Kind.INT, true));
            case 7 -> tagged("coalesce", new Expr((random.nextBoolean() ? "COALESCE(" : "IFNULL(") + integer(scope, d).sql + ", "
                    + integer(scope, d).sql + ")", Kind.INT, true));
            case 8 -> caseOf(scope, d, () -> integer(scope, d));
            case 9 -> tagged("functions", new Expr("abs(" + integer(scope, d).sql + ")", Kind.INT, true));
            case 10 -> tagged("functions", new Expr("length(" + text(scope, d).sql + ")", Kind.INT, true));
            case 11 -> scalarSubquery(scope, Kind.INT);
            case 12 -> tagged("cast nullif division", new Expr("(CAST(NULLIF(" + integer(scope, d).sql + ", " + intLiteral()
                    + ") AS INTEGER) / " + integer(scope, d).sql + ")", Kind.INT, true));
            case 13 -> tagged("null constant arithmetic", arithmetic(integer(scope, d), new Expr("NULL", Kind.INT, true),
                    pick(new String[] {"/", "+", "*", "%"})));
            case 14 -> tagged("boolean as value", new Expr("(" + predicate(scope, d) + ")", Kind.INT, true));
            default -> tagged("case", new Expr("CASE " + integer(scope, d).sql + " WHEN " + intLiteral() + " THEN "
                    + integer(scope, d).sql + " WHEN " + intLiteral() + " THEN " + intLiteral() + " END", Kind.INT, true));
        };
    }

    private Expr real(Scope scope, int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) return leaf(scope, Kind.REAL);
        int d = depth - 1;
        return switch (random.nextInt(11)) {
            case 0, 1 -> arithmetic(real(scope, d), random.nextBoolean() ? real(scope, d) : integer(scope, d), pick(new String[] {"+", "-", "*"}));
            case 2 -> tagged("real division", arithmetic(real(scope, d), random.nextBoolean() ? real(scope, d) : integer(scope, d), "/"));
            case 3 -> tagged("cast", new Expr("CAST(" + (random.nextBoolean() ? integer(scope, d) : text(scope, d)).sql + " AS REAL)", Kind.REAL, true));
            case 4 -> {
                int digits = random.nextInt(3);
                yield tagged("functions", new Expr("round(" + real(scope, d).sql + (digits == 0 ? "" : ", " + digits) + ")", Kind.REAL, digits == 0));
            }
            case 5 -> tagged("functions", new Expr("abs(" + real(scope, d).sql + ")", Kind.REAL, true));
            case 6 -> tagged("coalesce", new Expr("COALESCE(" + real(scope, d).sql + ", " + real(scope, d).sql + ")", Kind.REAL, true));
            case 7 -> caseOf(scope, d, () -> real(scope, d));
            case 8 -> tagged("unary minus", new Expr("-(" + real(scope, d).sql + ")", Kind.REAL, true));
            case 9 -> tagged("literal arithmetic", new Expr("(" + pick(DECIMAL) + " " + pick(new String[] {"+", "-", "*"}) + " "
                    + pick(DECIMAL) + ")", Kind.REAL, false));
            default -> scalarSubquery(scope, Kind.REAL);
        };
    }

    private Expr text(Scope scope, int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) {
            List<Source> tables = scope.sources.stream().filter(source -> TABLES.contains(source.table)).toList();
            if (random.nextInt(12) == 0 && !tables.isEmpty()) {
                families.add("_segment");
                return new Expr(pick(tables).alias + "._segment", Kind.TEXT, true);
            }
            return leaf(scope, Kind.TEXT);
        }
        int d = depth - 1;
        return switch (random.nextInt(11)) {
            case 0 -> {
                families.add("concat");
                boolean numbers = random.nextInt(6) == 0;
                if (numbers) families.add("concat of numbers");
                yield new Expr("(" + text(scope, d).sql + " || " + (numbers ? integer(scope, d) : text(scope, d)).sql + ")", Kind.TEXT, true);
            }
            case 1 -> tagged("functions", new Expr("substr(" + text(scope, d).sql + ", " + (random.nextInt(5) - 1)
                    + (random.nextBoolean() ? ", " + random.nextInt(4) : "") + ")", Kind.TEXT, true));
            case 2 -> tagged("functions", new Expr(pick(new String[] {"upper(", "lower("}) + text(scope, d).sql + ")", Kind.TEXT, true));
            case 3 -> tagged("functions", new Expr(pick(new String[] {"trim(", "ltrim(", "rtrim("}) + text(scope, d).sql + ")", Kind.TEXT, true));
            case 4 -> tagged("cast", new Expr("CAST(" + (random.nextBoolean() ? integer(scope, d) : real(scope, d)).sql + " AS TEXT)", Kind.TEXT, true));
            case 5 -> tagged("typeof", new Expr("typeof(" + value(scope, d).sql + ")", Kind.TEXT, true));
            case 6 -> tagged("coalesce", new Expr("COALESCE(" + text(scope, d).sql + ", " + text(scope, d).sql + ")", Kind.TEXT, true));
            case 7 -> caseOf(scope, d, () -> text(scope, d));
            case 8 -> tagged("nullif", new Expr("NULLIF(" + text(scope, d).sql + ", " + pick(TEXTS) + ")", Kind.TEXT, true));
            case 9 -> tagged("substr and trim", new Expr("(substr(" + text(scope, d).sql + ", 1, 20) || trim(" + text(scope, d).sql + "))", Kind.TEXT, true));
            default -> scalarSubquery(scope, Kind.TEXT);
        };
    }

    /** Values of more than one storage class: t.v, CAST to NUMERIC, CASE and COALESCE across classes. */
    private Expr any(Scope scope, int depth) {
        int d = Math.max(0, depth - 1);
        return switch (random.nextInt(4)) {
            case 0 -> tagged("cast numeric", new Expr("CAST(" + (random.nextBoolean() ? text(scope, d) : real(scope, d)).sql + " AS NUMERIC)", Kind.ANY, true));
            case 1 -> tagged("mixed classes", new Expr("COALESCE(" + integer(scope, d).sql + ", " + real(scope, d).sql + ")", Kind.ANY, true));
            case 2 -> tagged("mixed classes", new Expr("CASE WHEN " + predicate(scope, d) + " THEN " + integer(scope, d).sql + " ELSE "
                    + text(scope, d).sql + " END", Kind.ANY, true));
            default -> leaf(scope, Kind.ANY);
        };
    }

    /** A column of the kind (from the query around, in a subquery, now and then), or a literal. */
    private Expr leaf(Scope scope, Kind kind) {
        if (random.nextInt(4) > 0) {
            Expr column = column(scope, kind);
            if (column != null) return column;
        }
        return switch (kind) {
            case INT -> random.nextInt(30) == 0 ? tagged("null constant", new Expr("NULL", Kind.INT, true)) : new Expr(intLiteral(), Kind.INT, true);
            case REAL -> random.nextInt(5) == 0 ? new Expr(pick(DECIMAL), Kind.REAL, false) : new Expr(pick(DYADIC), Kind.REAL, true);
            case TEXT -> new Expr(pick(TEXTS), Kind.TEXT, true);
            case ANY -> tagged("cast numeric", new Expr("CAST(" + pick(TEXTS) + " AS NUMERIC)", Kind.ANY, true));
        };
    }

    /** A column of the kind (any kind when null) from the scope, or from the query around; null if none. */
    private Expr column(Scope scope, Kind kind) {
        boolean outer = scope.outer != null && random.nextInt(4) == 0;
        Scope from = outer ? scope.outer : scope;
        List<Expr> candidates = new ArrayList<>();
        for (Source source : from.sources) {
            for (Column column : source.table.columns) {
                if (kind == null || column.kind == kind) candidates.add(new Expr(source.alias + "." + column.name, column.kind, true));
            }
        }
        if (candidates.isEmpty()) return outer ? column(new Scope(scope.sources, null, scope.from, scope.hasWhere), kind) : null;
        if (outer) families.add("correlated subquery");
        return pick(candidates);
    }

    private Expr arithmetic(Expr left, Expr right, String operator) {
        Kind kind = left.kind == Kind.REAL || right.kind == Kind.REAL ? Kind.REAL : left.kind == right.kind ? left.kind : Kind.ANY;
        boolean exact = left.exact && right.exact && !(operator.equals("/") && kind == Kind.REAL);
        return new Expr("(" + left.sql + " " + operator + " " + right.sql + ")", kind, exact);
    }

    private Expr caseOf(Scope scope, int depth, Supplier<Expr> branch) {
        families.add("case");
        Expr then = branch.get();
        Expr otherwise = branch.get();
        String elsePart = random.nextInt(4) == 0 ? "" : " ELSE " + otherwise.sql;
        return new Expr("CASE WHEN " + predicate(scope, depth) + " THEN " + then.sql + elsePart + " END",
                then.kind, then.exact && otherwise.exact);
    }

    private Expr tagged(String family, Expr expr) {
        families.add(family);
        return expr;
    }

    private String intLiteral() {
        int value = random.nextInt(110) - 10;
        return Integer.toString(value);
    }

    // ---- aggregates ----

    private Expr aggregateValue(Scope scope) {
        Expr aggregate = aggregateCall(scope);
        if (random.nextInt(5) > 0) return aggregate;
        families.add("expression over aggregates");
        return switch (random.nextInt(3)) {
            case 0 -> arithmetic(aggregate, aggregateCall(scope), pick(new String[] {"+", "-", "*"}));
            case 1 -> arithmetic(aggregate, new Expr(intLiteral(), Kind.INT, true), pick(new String[] {"+", "/"}));
            default -> tagged("cast", new Expr("CAST(" + aggregate.sql + " AS INTEGER)", Kind.INT, true));
        };
    }

    private Expr aggregateCall(Scope scope) {
        families.add("aggregate functions");
        int outerSubqueries = subqueryLevel;
        subqueryLevel = 9; // no subqueries inside aggregate arguments
        try {
            return switch (random.nextInt(12)) {
                case 0, 1 -> new Expr("count(*)", Kind.INT, true);
                case 2 -> new Expr("count(" + value(scope, 1).sql + ")", Kind.INT, true);
                case 3 -> tagged("count distinct", new Expr("count(DISTINCT " + value(scope, 1).sql + ")", Kind.INT, true));
                case 4, 5 -> {
                    Expr argument = exactNumber(scope);
                    boolean distinct = random.nextInt(4) == 0;
                    if (distinct) families.add("sum distinct");
                    yield new Expr("sum(" + (distinct ? "DISTINCT " : "") + argument.sql + ")", argument.kind, true);
                }
                case 6 -> new Expr("total(" + exactNumber(scope).sql + ")", Kind.REAL, true);
                case 7 -> new Expr("avg(" + exactNumber(scope).sql + ")", Kind.REAL, false);
                case 8, 9 -> {
                    // Of 4 and 4.0, SQLite's min and max return whichever they met first: not generated.
                    Expr argument = value(scope, pickKind(false), 1);
                    yield new Expr(pick(new String[] {"min(", "max("}) + argument.sql + ")", argument.kind, argument.exact);
                }
                // Its length in bytes: the order of concatenation is SQLite's choice, and a string's length stops
                // at its first NUL character (a blob's bytes may hold one), so only the bytes add up alike.
                case 10 -> tagged("group_concat", new Expr("length(CAST(group_concat(" + value(scope, 1).sql
                        + (random.nextBoolean() ? ", '|'" : "") + ") AS BLOB))", Kind.INT, true));
                default -> new Expr("count(" + column(scope, null).sql + ")", Kind.INT, true);
            };
        } finally {
            subqueryLevel = outerSubqueries;
        }
    }

    private Expr exactNumber(Scope scope) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Expr candidate = random.nextBoolean() ? integer(scope, 1) : real(scope, 1);
            if (candidate.exact && candidate.kind != Kind.ANY) return candidate;
        }
        return leaf(scope, Kind.INT);
    }

    private String having(Scope scope) {
        Expr aggregate = aggregateCall(scope);
        return switch (random.nextInt(3)) {
            case 0 -> "count(*) > " + random.nextInt(4);
            case 1 -> aggregate.sql + " IS NOT NULL";
            default -> aggregate.sql + " " + comparison() + " " + literalOf(aggregate.kind);
        };
    }

    // ---- predicates ----

    private String where(Scope scope) {
        if (random.nextInt(5) < 2) return "";
        String predicate = predicate(scope, 2);
        return (scope.hasWhere ? " AND " : " WHERE ") + predicate;
    }

    private String predicate(Scope scope, int depth) {
        boolean subqueries = subqueryLevel < 2;
        int choice = random.nextInt(subqueries ? 17 : 13);
        if (depth <= 0 && (choice == 6 || choice == 7)) choice = 0;
        int d = Math.max(0, depth - 1);
        switch (choice) {
            case 0, 1 -> {
                families.add("comparison");
                Kind kind = pickKind();
                if (kind == Kind.ANY) kind = Kind.INT;
                return value(scope, kind, d).sql + " " + comparison() + " " + value(scope, kind, d).sql;
            }
            case 2 -> {
                families.add("is null");
                return value(scope, d).sql + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
            }
            case 3 -> {
                families.add("between");
                Expr tested = value(scope, random.nextBoolean() ? Kind.INT : Kind.REAL, d);
                if (random.nextBoolean()) {
                    families.add("literal arithmetic");
                    String middle = pick(DECIMAL);
                    String delta = pick(DECIMAL);
                    return tested.sql + (random.nextInt(4) == 0 ? " NOT" : "") + " BETWEEN " + middle + " - " + delta + " AND " + middle + " + " + delta;
                }
                int low = random.nextInt(60) - 10;
                return tested.sql + " BETWEEN " + low + " AND " + (low + random.nextInt(50));
            }
            case 4 -> {
                families.add("in list");
                Kind kind = random.nextBoolean() ? Kind.INT : Kind.TEXT;
                List<String> list = new ArrayList<>();
                int size = 1 + random.nextInt(5);
                for (int i = 0; i < size; i++) list.add(literalOf(kind));
                return value(scope, kind, d).sql + (random.nextInt(3) == 0 ? " NOT IN (" : " IN (") + String.join(", ", list) + ")";
            }
            case 5 -> {
                // Rarer than the other shapes: a parser that refuses it would hide everything else in the query.
                if (random.nextInt(3) > 0) return predicate(scope, depth);
                families.add("empty in");
                return value(scope, d).sql + (random.nextBoolean() ? " NOT IN ()" : " IN ()");
            }
            case 6 -> {
                String operator = random.nextBoolean() ? "AND" : "OR";
                families.add(operator.toLowerCase(java.util.Locale.ROOT));
                return "(" + predicate(scope, d) + " " + operator + " " + predicate(scope, d) + ")";
            }
            case 7 -> {
                families.add("not");
                return "NOT (" + predicate(scope, d) + ")";
            }
            case 8 -> {
                families.add("like");
                return text(scope, d).sql + (random.nextInt(4) == 0 ? " NOT LIKE " : " LIKE ") + pick(PATTERNS);
            }
            case 9 -> {
                families.add("comparison with null");
                return random.nextBoolean() ? value(scope, d).sql + " " + comparison() + " NULL" : "NULL " + comparison() + " " + value(scope, d).sql;
            }
            case 10 -> {
                families.add("cross-class comparison");
                Kind left = pickKind();
                Kind right = left == Kind.TEXT ? Kind.INT : Kind.TEXT;
                return value(scope, left, 0).sql + " " + comparison() + " " + value(scope, right, 0).sql;
            }
            case 11, 12 -> {
                families.add("comparison");
                Expr column = column(scope, null);
                return column.sql + " " + comparison() + " " + literalOf(column.kind);
            }
            case 13, 14 -> {
                Kind kind = random.nextBoolean() ? Kind.INT : pickKind() == Kind.TEXT ? Kind.TEXT : Kind.REAL;
                families.add(subqueryLevel > 0 ? "nested in subquery" : "in subquery");
                return value(scope, kind, 0).sql + (random.nextInt(4) == 0 ? " NOT IN (" : " IN (") + columnSubquery(scope, kind) + ")";
            }
            case 15 -> {
                families.add("exists");
                return (random.nextBoolean() ? "NOT EXISTS (" : "EXISTS (") + existsSubquery(scope) + ")";
            }
            default -> {
                Kind kind = random.nextBoolean() ? Kind.INT : Kind.REAL;
                return value(scope, kind, 0).sql + " " + comparison() + " " + scalarSubquery(scope, kind).sql;
            }
        }
    }

    private String comparison() {
        return pick(new String[] {"=", "<>", "<", "<=", ">", ">="});
    }

    private String literalOf(Kind kind) {
        return switch (kind) {
            case INT, ANY -> intLiteral();
            case REAL -> random.nextBoolean() ? pick(DYADIC) : pick(DECIMAL);
            case TEXT -> pick(TEXTS);
        };
    }

    // ---- subqueries ----

    private String columnSubquery(Scope outer, Kind kind) {
        subqueryLevel++;
        try {
            Scope inner = scopeOf(outer, new Source(alias(), pick(SMALL)));
            Expr selected = value(inner, kind, 1);
            return "SELECT " + selected.sql + " FROM " + inner.from + where(inner);
        } finally {
            subqueryLevel--;
        }
    }

    private String existsSubquery(Scope outer) {
        subqueryLevel++;
        try {
            Source source = new Source(alias(), pick(SMALL));
            Scope inner = scopeOf(outer, source);
            Kind kind = source.table.columns.get(1).kind;
            Expr around = column(new Scope(outer.sources, null, outer.from, outer.hasWhere), kind);
            String condition;
            if (around == null) {
                condition = predicate(inner, 1);
            } else {
                families.add("correlated subquery");
                condition = source.alias + ".col" + random.nextInt(3) + " " + comparison() + " " + around.sql;
            }
            return "SELECT 1 FROM " + inner.from + " WHERE " + condition + (random.nextBoolean() ? " AND " + predicate(inner, 1) : "");
        } finally {
            subqueryLevel--;
        }
    }

    /** An aggregate without GROUP BY: exactly one row, so SQLite's choice of row never matters. */
    private Expr scalarSubquery(Scope outer, Kind kind) {
        if (subqueryLevel >= 2) return leaf(outer, kind);
        families.add("scalar subquery");
        subqueryLevel++;
        try {
            Scope inner = scopeOf(outer, new Source(alias(), pick(SMALL)));
            // The argument reads the subquery's own table: an aggregate of outer columns only would be the outer query's.
            Scope own = new Scope(inner.sources, null, inner.from, false);
            String aggregate = switch (kind) {
                case INT -> random.nextBoolean() ? "count(*)" : pick(new String[] {"max(", "min("}) + ownColumn(own, Kind.INT) + ")";
                case REAL -> random.nextBoolean() ? "max(" + ownColumn(own, Kind.REAL) + ")"
                        : pick(new String[] {"avg(", "total("}) + ownColumn(own, random.nextBoolean() ? Kind.INT : Kind.REAL) + ")";
                case TEXT -> pick(new String[] {"max(", "min("}) + ownColumn(own, Kind.TEXT) + ")";
                case ANY -> "max(" + ownColumn(own, Kind.INT) + ")";
            };
            return new Expr("(SELECT " + aggregate + " FROM " + inner.from + where(inner) + ")", kind == Kind.ANY ? Kind.INT : kind,
                    kind != Kind.REAL);
        } finally {
            subqueryLevel--;
        }
    }

    /** A column of the subquery's table, of the kind if it has one (pk is an integer in every small table). */
    private String ownColumn(Scope own, Kind kind) {
        Expr column = column(own, kind);
        return column != null ? column.sql : own.sources.get(0).alias + ".pk";
    }

    // ---- small things ----

    private static String selectList(List<Expr> items) {
        List<String> named = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) named.add(items.get(i).sql + " AS c" + i);
        return String.join(", ", named);
    }

    private static List<Kind> kinds(List<Expr> items) {
        return items.stream().map(Expr::kind).toList();
    }

    private static Table table(String name, String... columns) {
        List<Column> list = new ArrayList<>();
        for (String column : columns) {
            String[] parts = column.split(" ");
            list.add(new Column(parts[0], Kind.valueOf(parts[1])));
        }
        return new Table(name, List.copyOf(list));
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
