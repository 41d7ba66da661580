package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.Util;
import trough.calcite.schema.TroughTable;

/**
 * What a statement reads from Trough tables: every place it names one, with the conditions that may drop
 * rows before the statement runs, and which columns it may use. Read from the parse tree alone, following
 * SQL's scoping (CTE names hide tables; an unqualified column belongs to the one table of the FROM clause
 * that has it). Anything unsure reads more rows, never fewer.
 */
final class QueryTables {
    private static final Set<SqlKind> QUERY_KINDS = Set.of(SqlKind.SELECT, SqlKind.UNION, SqlKind.INTERSECT, SqlKind.EXCEPT,
            SqlKind.ORDER_BY, SqlKind.WITH, SqlKind.VALUES);

    private final TableResolver resolver;
    private final List<TableReference> references = new ArrayList<>();
    private final Set<String> mentioned = new HashSet<>();
    private final List<SelectStar> stars = new ArrayList<>();
    private boolean allColumns;
    private boolean otherTables;
    private boolean setOperations;

    private QueryTables(TableResolver resolver) {
        this.resolver = resolver;
    }

    static QueryTables of(SqlNode query, TableResolver resolver) {
        QueryTables tables = new QueryTables(resolver);
        tables.query(query, Set.of());
        return tables;
    }

    List<TableReference> references() {
        return references;
    }

    /** Whether the statement names the column anywhere (case-insensitive, as SQLite matches names). */
    boolean mentions(String column) {
        return allColumns || mentioned.contains(column.toLowerCase(Locale.ROOT));
    }

    /** Whether the statement may use every column of its tables ({@code *}, NATURAL JOIN). */
    boolean allColumns() {
        return allColumns;
    }

    boolean mentionsSegmentColumn() {
        return mentioned.contains(TroughTable.SEGMENT_COLUMN);
    }

    /** The {@code *} of select lists over Trough tables, with the FROM items they expand to. */
    List<SelectStar> stars() {
        return stars;
    }

    /**
     * Whether rows of several selects (UNION, INTERSECT, EXCEPT, VALUES) meet in one column: SQLite gives such
     * a column the declared type of the first select's, whatever the others hold.
     */
    boolean combinesSelects() {
        return setOperations;
    }

    /** Whether it reads tables that are not Trough tables. */
    boolean readsOtherTables() {
        return otherTables;
    }

    private void query(SqlNode node, Set<String> ctes) {
        if (node == null) return;
        switch (node.getKind()) {
            case WITH -> {
                SqlWith with = (SqlWith) node;
                Set<String> scope = new HashSet<>(ctes);
                for (SqlNode item : with.withList) {
                    SqlWithItem cte = (SqlWithItem) item;
                    scope.add(cte.name.getSimple().toLowerCase(Locale.ROOT));
                    query(cte.query, scope);
                }
                query(with.body, scope);
            }
            case ORDER_BY -> {
                SqlOrderBy orderBy = (SqlOrderBy) node;
                query(orderBy.query, ctes);
                expressions(orderBy.orderList, ctes);
                expressions(orderBy.offset, ctes);
                expressions(orderBy.fetch, ctes);
            }
            case SELECT -> select((SqlSelect) node, ctes);
            case UNION, INTERSECT, EXCEPT -> {
                setOperations = true;
                ((SqlCall) node).getOperandList().forEach(operand -> query(operand, ctes));
            }
            case VALUES -> {
                setOperations = true;
                expressions(node, ctes);
            }
            default -> expressions(node, ctes);
        }
    }

    private void select(SqlSelect select, Set<String> ctes) {
        List<Placed> items = from(select.getFrom(), ctes);
        for (SqlNode item : select.getSelectList()) {
            if (item instanceof SqlIdentifier id && id.isStar()) {
                allColumns = true;
                stars.add(new SelectStar(id, items.stream().map(Placed::item).toList()));
            }
        }
        for (SqlNode part : new SqlNode[] {select.getSelectList(), select.getWhere(), select.getGroup(), select.getHaving(),
                select.getWindowList(), select.getOrderList(), select.getOffset(), select.getFetch(), select.getQualify()}) {
            expressions(part, ctes);
        }
        List<FromItem> all = items.stream().map(Placed::item).toList();
        List<FromItem> filterable = items.stream().filter(Placed::inner).map(Placed::item).toList();
        for (SqlNode conjunct : conjuncts(select.getWhere())) {
            assign(conjunct, all, filterable);
            noteJoinKeys(conjunct, all);
        }
    }

    /**
     * Columns compared for equality with a column of another FROM item, or of an outer query: SQLite looks
     * rows up by them (a join, a correlated subquery), so the scratch table gets an index on each.
     */
    private static void noteJoinKeys(SqlNode conjunct, List<FromItem> items) {
        if (conjunct.getKind() != SqlKind.EQUALS) return;
        List<SqlNode> sides = ((SqlCall) conjunct).getOperandList();
        if (!(sides.get(0) instanceof SqlIdentifier left) || !(sides.get(1) instanceof SqlIdentifier right)) return;
        FromItem leftOwner = owner(left, items);
        FromItem rightOwner = owner(right, items);
        if (leftOwner == rightOwner) return;
        if (leftOwner != null && leftOwner.reference() != null) leftOwner.reference().joinKeys.add(Util.last(left.names));
        if (rightOwner != null && rightOwner.reference() != null) rightOwner.reference().joinKeys.add(Util.last(right.names));
    }

    /** The FROM items under {@code node}, each with whether its rows may be filtered by a condition above it. */
    private List<Placed> from(SqlNode node, Set<String> ctes) {
        List<Placed> items = new ArrayList<>();
        if (node == null) return items;
        switch (node.getKind()) {
            case IDENTIFIER -> items.add(new Placed(table((SqlIdentifier) node, Util.last(((SqlIdentifier) node).names), TableReference.Naming.BARE, ctes), true));
            case AS -> {
                SqlCall as = (SqlCall) node;
                SqlNode source = as.operand(0);
                String alias = ((SqlIdentifier) as.operand(1)).getSimple();
                boolean renamesColumns = as.operandCount() > 2;
                if (source instanceof SqlIdentifier id && !renamesColumns) {
                    items.add(new Placed(table(id, alias, TableReference.Naming.ALIASED, ctes), true));
                } else {
                    if (source instanceof SqlIdentifier id) table(id, alias, TableReference.Naming.RENAMED, ctes); // read whole: its columns are renamed
                    else query(source, ctes);
                    items.add(new Placed(FromItem.derived(alias), false));
                }
            }
            case JOIN -> {
                SqlJoin join = (SqlJoin) node;
                if (join.isNatural()) allColumns = true;
                List<Placed> left = from(join.getLeft(), ctes);
                List<Placed> right = from(join.getRight(), ctes);
                JoinType type = join.getJoinType();
                boolean inner = type == JoinType.INNER || type == JoinType.COMMA || type == JoinType.CROSS;
                SqlNode condition = join.getCondition();
                expressions(condition, ctes);
                if (condition != null && join.getConditionType() == org.apache.calcite.sql.JoinConditionType.ON) {
                    List<FromItem> all = new ArrayList<>();
                    left.forEach(p -> all.add(p.item()));
                    right.forEach(p -> all.add(p.item()));
                    // An ON condition may drop rows of the sides whose rows it can only keep from matching: both
                    // sides of an inner join, the null-supplying side of an outer one.
                    List<FromItem> filterable = new ArrayList<>();
                    if (inner || type == JoinType.RIGHT) left.stream().filter(Placed::inner).forEach(p -> filterable.add(p.item()));
                    if (inner || type == JoinType.LEFT) right.stream().filter(Placed::inner).forEach(p -> filterable.add(p.item()));
                    for (SqlNode conjunct : conjuncts(condition)) {
                        assign(conjunct, all, filterable);
                        noteJoinKeys(conjunct, all);
                    }
                }
                boolean keepsLeft = inner || type == JoinType.LEFT;
                boolean keepsRight = inner || type == JoinType.RIGHT;
                left.forEach(p -> items.add(new Placed(p.item(), p.inner() && keepsLeft)));
                right.forEach(p -> items.add(new Placed(p.item(), p.inner() && keepsRight)));
            }
            default -> {
                query(node, ctes);
                items.add(new Placed(FromItem.derived(null), false));
            }
        }
        return items;
    }

    private FromItem table(SqlIdentifier name, String alias, TableReference.Naming naming, Set<String> ctes) {
        if (name.names.size() == 1 && ctes.contains(name.getSimple().toLowerCase(Locale.ROOT))) return FromItem.derived(alias);
        TableReference.QualifiedTable table = resolver.troughTable(name.names);
        if (table == null) {
            if (resolver.otherTable(name.names)) otherTables = true;
            return FromItem.derived(alias);
        }
        TableReference reference = new TableReference(table, alias, name, naming);
        references.add(reference);
        return new FromItem(alias, reference);
    }

    /**
     * Gives the conjunct to the one table it reads, when that table may be filtered by it. An OR over several
     * tables gives each table what every branch requires of it alone ({@code (a.x = 1 AND b.y = 2) OR (a.x = 3
     * AND b.y = 4)} lets table a send only rows with x = 1 or x = 3): weaker than the OR, so no row the
     * statement needs is dropped, and the statement still applies the whole OR.
     */
    private static void assign(SqlNode conjunct, List<FromItem> all, List<FromItem> filterable) {
        if (!PushableCondition.test(conjunct)) return;
        FromItem owner = owner(conjunct, all);
        if (owner != null) {
            if (owner.reference() != null && filterable.contains(owner)) owner.reference().conditions.add(conjunct);
            return;
        }
        if (conjunct.getKind() != SqlKind.OR) return;
        List<SqlNode> branches = disjuncts(conjunct);
        for (FromItem item : filterable) {
            if (item.reference() == null) continue;
            List<SqlNode> implied = new ArrayList<>();
            for (SqlNode branch : branches) {
                List<SqlNode> own = conjuncts(branch).stream().filter(c -> owner(c, all) == item).toList();
                if (own.isEmpty()) break;
                implied.add(own.size() == 1 ? own.get(0) : SqlStdOperatorTable.AND.createCall(SqlParserPos.ZERO, own));
            }
            if (implied.size() == branches.size()) item.reference().conditions.add(SqlStdOperatorTable.OR.createCall(SqlParserPos.ZERO, implied));
        }
    }

    private static List<SqlNode> disjuncts(SqlNode condition) {
        List<SqlNode> disjuncts = new ArrayList<>();
        if (condition.getKind() == SqlKind.OR) {
            for (SqlNode operand : ((SqlCall) condition).getOperandList()) disjuncts.addAll(disjuncts(operand));
        } else {
            disjuncts.add(condition);
        }
        return disjuncts;
    }

    /** The FROM item every column of the condition belongs to, or null when none or several, or unsure. */
    private static FromItem owner(SqlNode condition, List<FromItem> items) {
        List<SqlIdentifier> columns = columns(condition);
        if (columns.isEmpty()) return null;
        FromItem owner = null;
        for (SqlIdentifier column : columns) {
            FromItem found = column.names.size() > 1 ? byAlias(column.names.get(column.names.size() - 2), items)
                    : byColumn(column.getSimple(), items);
            if (found == null || (owner != null && owner != found)) return null;
            owner = found;
        }
        return owner;
    }

    private static FromItem byAlias(String alias, List<FromItem> items) {
        FromItem found = null;
        for (FromItem item : items) {
            if (item.alias() != null && item.alias().equalsIgnoreCase(alias)) {
                if (found != null) return null;
                found = item;
            }
        }
        return found;
    }

    private static FromItem byColumn(String column, List<FromItem> items) {
        FromItem found = null;
        for (FromItem item : items) {
            if (item.reference() == null || item.hasColumn(column)) {
                if (found != null) return null;
                found = item;
            }
        }
        return found;
    }

    /** The names an expression reads (columns, or aliases SQLite may take as columns). */
    static List<SqlIdentifier> columns(SqlNode expression) {
        List<SqlIdentifier> columns = new ArrayList<>();
        expression.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier id) {
                columns.add(id);
                return null;
            }
        });
        return columns;
    }

    /** Whether every column the condition reads is {@code _segment}: it can choose segments before any row is read. */
    static boolean readsOnlySegmentColumn(SqlNode condition) {
        List<SqlIdentifier> columns = columns(condition);
        return !columns.isEmpty() && columns.stream().allMatch(id -> Util.last(id.names).equalsIgnoreCase(TroughTable.SEGMENT_COLUMN));
    }

    private static List<SqlNode> conjuncts(SqlNode condition) {
        List<SqlNode> conjuncts = new ArrayList<>();
        if (condition == null) return conjuncts;
        if (condition.getKind() == SqlKind.AND) {
            for (SqlNode operand : ((SqlCall) condition).getOperandList()) conjuncts.addAll(conjuncts(operand));
        } else {
            conjuncts.add(condition);
        }
        return conjuncts;
    }

    /** Walks expressions for the names they use and the subqueries they hold. */
    private void expressions(SqlNode node, Set<String> ctes) {
        if (node == null) return;
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (QUERY_KINDS.contains(call.getKind()) && call.getKind() != SqlKind.VALUES) {
                    query(call, ctes);
                    return null;
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlIdentifier id) {
                mentioned.add(Util.last(id.names).toLowerCase(Locale.ROOT));
                return null;
            }
        });
    }

    /** A FROM item: a Trough table (with its reference), or anything else (a CTE, a subquery) whose columns are not known here. */
    record FromItem(String alias, TableReference reference) {
        static FromItem derived(String alias) {
            return new FromItem(alias, null);
        }

        boolean hasColumn(String column) {
            if (column.equalsIgnoreCase(TroughTable.SEGMENT_COLUMN)) return true;
            return reference.table.shape().columns().stream().anyMatch(c -> c.name().equalsIgnoreCase(column));
        }

        /** Records are compared by identity here: two references to one table are two items. */
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    /** A FROM item and whether a condition above may filter its rows (no outer join keeps them regardless). */
    private record Placed(FromItem item, boolean inner) {}

    /** A {@code *} or {@code x.*} of a select list, and the FROM items of its select in order. */
    record SelectStar(SqlIdentifier star, List<FromItem> items) {}
}
