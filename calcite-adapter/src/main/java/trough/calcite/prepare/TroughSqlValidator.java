package trough.calcite.prepare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalciteSqlValidator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlInternalOperators;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.util.Util;
import trough.calcite.schema.TroughTable;
import trough.calcite.sql.SqliteFunctions;

/**
 * Calcite's validator, except that {@code *} leaves out the hidden {@code _segment} column: it is there when
 * named, as Trino's hidden columns and ClickHouse's virtual columns are. Star expansion is the only caller
 * of {@link #addToSelectList}, so skipping the column there hides it from {@code *} alone. UPDATE, DELETE
 * and MERGE are refused here, before planning, with what to do instead.
 */
final class TroughSqlValidator extends CalciteSqlValidator {
    TroughSqlValidator(SqlOperatorTable operators, CalciteCatalogReader catalogReader, JavaTypeFactory typeFactory, Config config) {
        super(operators, catalogReader, typeFactory, config);
    }

    @Override
    public void validateUpdate(SqlUpdate call) {
        throw notYet("UPDATE");
    }

    @Override
    public void validateDelete(SqlDelete call) {
        throw notYet("DELETE");
    }

    @Override
    public void validateMerge(SqlMerge call) {
        throw notYet("MERGE");
    }

    private static UnsupportedOperationException notYet(String statement) {
        return new UnsupportedOperationException(statement + " through JDBC is not supported yet; INSERT is. Send " + statement
                + " statements to the writer of each segment: POST /v1/segments/{id}/write (docs/http-api.md)");
    }

    /**
     * Calcite's parser reads {@code GROUP_CONCAT} as MySQL's (several values, a {@code SEPARATOR} keyword);
     * Trough means SQLite's: one value and an optional separator argument, evaluated by SQLite.
     */
    @Override
    protected SqlNode performUnconditionalRewrites(SqlNode node, boolean underFrom) {
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

    @Override
    protected void addToSelectList(List<SqlNode> list, Set<String> aliases, List<Map.Entry<String, RelDataType>> fieldList,
                                   SqlNode exp, SelectScope scope, boolean includeSystemVars) {
        if (exp instanceof SqlIdentifier id && Util.last(id.names).equalsIgnoreCase(TroughTable.SEGMENT_COLUMN)) {
            return;
        }
        super.addToSelectList(list, aliases, fieldList, exp, scope, includeSystemVars);
    }
}
