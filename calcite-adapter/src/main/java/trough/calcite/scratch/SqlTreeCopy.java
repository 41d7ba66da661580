package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * A copy of a parse tree that shares no call, list or identifier with it. The validator rewrites the tree it
 * validates (it qualifies identifiers, expands stars); copying the tree costs a small part of parsing the
 * text again.
 */
final class SqlTreeCopy extends SqlShuttle {
    private static final SqlTreeCopy INSTANCE = new SqlTreeCopy();

    private SqlTreeCopy() {}

    static SqlNode of(SqlNode tree) {
        return tree.accept(INSTANCE);
    }

    @Override
    public SqlNode visit(SqlCall call) {
        ArgHandler<SqlNode> copy = new CallCopyingArgHandler(call, true);
        call.getOperator().acceptCall(this, call, false, copy);
        return copy.result();
    }

    @Override
    public SqlNode visit(SqlNodeList list) {
        List<SqlNode> copies = new ArrayList<>(list.size());
        for (SqlNode node : list) copies.add(node == null ? null : node.accept(this));
        return new SqlNodeList(copies, list.getParserPosition());
    }

    @Override
    public SqlNode visit(SqlIdentifier identifier) {
        return identifier.clone(identifier.getParserPosition());
    }
}
