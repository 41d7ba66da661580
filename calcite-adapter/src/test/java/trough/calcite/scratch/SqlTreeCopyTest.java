package trough.calcite.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.junit.jupiter.api.Test;

class SqlTreeCopyTest {
    private static final String SQL = "WITH w AS (SELECT a, count(*) AS n FROM t GROUP BY a) "
            + "SELECT w.*, u.b, CASE WHEN u.c IN (1, 2) THEN 'x' ELSE NULL END FROM w JOIN u ON w.a = u.a "
            + "WHERE u.b > ? AND EXISTS (SELECT 1 FROM v WHERE v.a = w.a) ORDER BY 2 DESC LIMIT 10";

    @Test
    void theCopyReadsAsTheOriginalAndSharesNoNodeThatTheValidatorRewrites() throws Exception {
        SqlNode original = SqlParser.create(SQL).parseStmt();
        String before = original.toString();
        SqlNode copy = SqlTreeCopy.of(original);
        assertEquals(before, copy.toString());
        Map<SqlNode, Boolean> originalNodes = new IdentityHashMap<>();
        nodes(original).forEach(node -> originalNodes.put(node, true));
        for (SqlNode node : nodes(copy)) {
            if (node instanceof SqlCall || node instanceof SqlNodeList || node instanceof SqlIdentifier) {
                assertEquals(null, originalNodes.get(node), "shared with the original: " + node);
            }
        }
        // What the validator does to identifiers, done to the copy, leaves the original as it was.
        for (SqlNode node : nodes(copy)) {
            if (node instanceof SqlIdentifier identifier) identifier.setNames(List.of("changed", "name"), null);
        }
        assertEquals(before, original.toString());
        assertNotSame(original, copy);
    }

    private static List<SqlNode> nodes(SqlNode tree) {
        List<SqlNode> all = new ArrayList<>();
        tree.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                all.add(call);
                return super.visit(call);
            }

            @Override
            public Void visit(SqlNodeList list) {
                all.add(list);
                return super.visit(list);
            }

            @Override
            public Void visit(SqlIdentifier identifier) {
                all.add(identifier);
                return null;
            }
        });
        return all;
    }
}
