package trough.calcite.prepare;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalciteSqlValidator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.util.Util;
import trough.calcite.schema.TroughTable;

/**
 * Calcite's validator, except that {@code *} leaves out the hidden {@code _segment} column: it is there when
 * named, as Trino's hidden columns and ClickHouse's virtual columns are. Star expansion is the only caller
 * of {@link #addToSelectList}, so skipping the column there hides it from {@code *} alone.
 */
final class TroughSqlValidator extends CalciteSqlValidator {
    TroughSqlValidator(SqlOperatorTable operators, CalciteCatalogReader catalogReader, JavaTypeFactory typeFactory, Config config) {
        super(operators, catalogReader, typeFactory, config);
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
