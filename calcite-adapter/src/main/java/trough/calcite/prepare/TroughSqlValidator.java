package trough.calcite.prepare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalciteSqlValidator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlInternalOperators;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.util.Util;
import trough.calcite.schema.TroughTable;
import trough.calcite.sql.SqliteFunctions;

/**
 * Calcite's validator, except that {@code *} leaves out the hidden {@code _segment} column: it is there when
 * named, as Trino's hidden columns and ClickHouse's virtual columns are. Star expansion is the only caller
 * of {@link #addToSelectList}, so skipping the column there hides it from {@code *} alone. An UPDATE or a
 * DELETE must name its segments with a {@code _segment} predicate; MERGE is refused.
 */
final class TroughSqlValidator extends CalciteSqlValidator {
    private static final Set<String> SQLITE_NILADIC = Set.of("CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP");

    private boolean validatingDml;

    TroughSqlValidator(SqlOperatorTable operators, CalciteCatalogReader catalogReader, JavaTypeFactory typeFactory, Config config) {
        super(operators, catalogReader, typeFactory, config);
    }

    /** Whether Calcite cast between text and numbers where SQLite would convert by its own rules ({@link SqliteTypeCoercion}). */
    boolean castTextAndNumbers() {
        return getTypeCoercion() instanceof SqliteTypeCoercion coercion && coercion.castTextAndNumbers();
    }

    @Override
    public void validateUpdate(SqlUpdate call) {
        for (SqlNode column : call.getTargetColumnList()) {
            if (isSegmentColumn(column)) {
                throw new UnsupportedOperationException("UPDATE cannot set _segment: rows do not move between segments. INSERT them into "
                        + "the other segment and DELETE them from this one");
            }
        }
        requireSegmentPredicate("UPDATE", call.getCondition());
        for (SqlNode value : call.getSourceExpressionList()) refuseSubQuery("UPDATE", value);
        validatingDml = true;
        try {
            super.validateUpdate(call);
        } finally {
            validatingDml = false;
        }
    }

    @Override
    public void validateDelete(SqlDelete call) {
        requireSegmentPredicate("DELETE", call.getCondition());
        validatingDml = true;
        try {
            super.validateDelete(call);
        } finally {
            validatingDml = false;
        }
    }

    @Override
    public void validateMerge(SqlMerge call) {
        throw new UnsupportedOperationException("MERGE through JDBC is not supported; use INSERT, UPDATE and DELETE with a _segment predicate");
    }

    /** An UPDATE or DELETE goes to the writers of the segments it names: without a _segment predicate it would reach every one. */
    private static void requireSegmentPredicate(String statement, SqlNode condition) {
        boolean[] named = new boolean[1];
        if (condition != null) {
            condition.accept(new SqlShuttle() {
                @Override
                public SqlNode visit(SqlIdentifier id) {
                    if (isSegmentColumn(id)) named[0] = true;
                    return id;
                }
            });
        }
        if (!named[0]) {
            throw new UnsupportedOperationException(statement + " needs a _segment predicate: each segment's writer runs it, so name the "
                    + "segments it changes, as in " + statement + (statement.equals("DELETE") ? " FROM t" : " t SET ...")
                    + " WHERE _segment = 'segment-id' AND ...; a statement without one would reach every segment and is refused");
        }
        refuseSubQuery(statement, condition);
    }

    private static void refuseSubQuery(String statement, SqlNode node) {
        if (node == null) return;
        node.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if (call instanceof SqlSelect) {
                    throw new UnsupportedOperationException(statement + " with a sub-query is not supported: each segment runs it alone, "
                            + "so it can only refer to that segment's own row. Compute the values first, then " + statement + " with them");
                }
                return super.visit(call);
            }
        });
    }

    private static boolean isSegmentColumn(SqlNode node) {
        return node instanceof SqlIdentifier id && Util.last(id.names).equalsIgnoreCase(TroughTable.SEGMENT_COLUMN);
    }

    /**
     * Calcite's parser reads {@code GROUP_CONCAT} as MySQL's (several values, a {@code SEPARATOR} keyword);
     * Trough means SQLite's: one value and an optional separator argument, evaluated by SQLite.
     *
     * <p>A number with a decimal point is a REAL in SQLite, so {@code 0.06 + 0.01} is 0.06999999999999999,
     * not Calcite's exact 0.07: such literals become approximate ones, and arithmetic on them is done in
     * doubles wherever it happens. {@code CAST(x AS REAL)} is SQLite's 8-byte REAL, a DOUBLE, not a float.
     */
    @Override
    protected SqlNode performUnconditionalRewrites(SqlNode node, boolean underFrom) {
        if (node instanceof SqlNumericLiteral number && number.isExact() && !number.isInteger()) {
            return SqlLiteral.createApproxNumeric(number.getValueAs(java.math.BigDecimal.class).toString() + "E0", number.getParserPosition());
        }
        if (node instanceof SqlBasicCall cast && cast.getKind() == SqlKind.CAST && cast.operand(1) instanceof SqlDataTypeSpec type
                && type.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic
                && (basic.getTypeName().getSimple().equalsIgnoreCase("REAL") || basic.getTypeName().getSimple().equalsIgnoreCase("FLOAT"))) {
            cast.setOperand(1, new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.DOUBLE, type.getParserPosition()), type.getParserPosition()));
        }
        if (node instanceof SqlBasicCall call && call.getOperator() == SqlLibraryOperators.GROUP_CONCAT) {
            List<SqlNode> args = new ArrayList<>();
            SqlNode separator = null;
            for (SqlNode operand : call.getOperandList()) {
                if (operand instanceof SqlNodeList) {
                    throw new UnsupportedOperationException("GROUP_CONCAT with ORDER BY is not supported: it joins the values in no "
                            + "defined order, as SQLite's does; order them in a sub-query if the order matters");
                } else if (operand instanceof SqlCall inner && inner.getOperator() == SqlInternalOperators.SEPARATOR) {
                    separator = inner.operand(0);
                } else {
                    args.add(operand);
                }
            }
            if (separator != null) args.add(separator);
            node = SqliteFunctions.GROUP_CONCAT.createCall(call.getFunctionQuantifier(), call.getParserPosition(), args);
        }
        return super.performUnconditionalRewrites(node, underFrom);
    }

    /**
     * A bare name is a column, as in SQLite, except SQLite's own CURRENT_DATE, CURRENT_TIME and CURRENT_TIMESTAMP
     * (and LOCALTIME, LOCALTIMESTAMP): Calcite would otherwise read {@code user} or {@code current_path} as
     * SQL's functions of those names, even where a table has such a column.
     */
    @Override
    public SqlCall makeNullaryCall(SqlIdentifier id) {
        if (id.names.size() == 1 && !SQLITE_NILADIC.contains(id.getSimple().toUpperCase(Locale.ROOT))) return null;
        return super.makeNullaryCall(id);
    }

    @Override
    protected void addToSelectList(List<SqlNode> list, Set<String> aliases, List<Map.Entry<String, RelDataType>> fieldList,
                                   SqlNode exp, SelectScope scope, boolean includeSystemVars) {
        // The row an UPDATE or DELETE reads is the whole stored row, _segment included.
        if (isSegmentColumn(exp) && !validatingDml) return;
        super.addToSelectList(list, aliases, fieldList, exp, scope, includeSystemVars);
    }
}
