package trough.calcite.scratch;

import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.Util;

/** Whether a parse tree holds a parameter ({@code ?}). */
final class DynamicParameters extends SqlBasicVisitor<Void> {
    private static final DynamicParameters INSTANCE = new DynamicParameters();

    private DynamicParameters() {}

    static boolean any(SqlNode tree) {
        try {
            tree.accept(INSTANCE);
            return false;
        } catch (Util.FoundOne found) {
            return true;
        }
    }

    @Override
    public Void visit(SqlDynamicParam parameter) {
        throw Util.FoundOne.NULL;
    }
}
