package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.util.Util;
import trough.calcite.schema.TroughTable;

/**
 * The segments a statement names outright for one table: the conditions {@code _segment = 'x'},
 * {@code _segment = ?}, {@code _segment IN (...)} and ORs of them, on text literals and parameters. With them
 * an execution finds the few segments it reads by their ids instead of judging every id on a database of its
 * own. A text compares with the TEXT column {@code _segment} as Java compares strings, so the ids are exact;
 * a parameter bound to anything but a text leaves the judging to SQLite.
 *
 * @param references for each reference to the table, its naming conditions (all must hold), each a list of
 *                   the ids it allows (any may match): a literal {@link String} or a parameter's {@link Integer} index
 * @param complete   whether those are all the conditions on {@code _segment} the references have: then the
 *                   ids are exactly the segments the statement reads, else a superset of them
 */
record SegmentNames(List<List<List<Object>>> references, boolean complete) {

    /** The names in {@code references}' conditions, or null when one of them names none (it may read any segment). */
    static SegmentNames of(List<TableReference> references) {
        List<List<List<Object>>> named = new ArrayList<>();
        boolean complete = true;
        for (TableReference reference : references) {
            List<List<Object>> conjuncts = new ArrayList<>();
            for (SqlNode condition : reference.conditions) {
                if (!QueryTables.readsOnlySegmentColumn(condition)) continue;
                List<Object> ids = ids(condition);
                if (ids == null) {
                    complete = false;
                } else {
                    conjuncts.add(ids);
                }
            }
            if (conjuncts.isEmpty()) return null;
            named.add(conjuncts);
        }
        return new SegmentNames(named, complete);
    }

    /** Whether every reference names exactly one segment (one literal, or one parameter), to be read whole there. */
    boolean pinsOne() {
        return references.stream().allMatch(conjuncts -> conjuncts.stream().anyMatch(ids -> ids.stream().distinct().count() == 1));
    }

    /** The ids named in this execution, or null when a parameter holds no text. */
    Set<String> ids(DataContext context) {
        Set<String> all = new HashSet<>();
        for (List<List<Object>> conjuncts : references) {
            Set<String> allowed = null;
            for (List<Object> alternatives : conjuncts) {
                Set<String> ids = new HashSet<>();
                for (Object id : alternatives) {
                    Object value = id instanceof Integer parameter ? context.get("?" + parameter) : id;
                    if (!(value instanceof String text)) return null;
                    ids.add(text);
                }
                if (allowed == null) {
                    allowed = ids;
                } else {
                    allowed.retainAll(ids);
                }
            }
            all.addAll(allowed);
        }
        return all;
    }

    /** The ids {@code condition} allows, or null when it is not a naming of segments. */
    private static List<Object> ids(SqlNode condition) {
        if (condition.getKind() == SqlKind.OR) {
            List<Object> ids = new ArrayList<>();
            for (SqlNode operand : ((SqlCall) condition).getOperandList()) {
                List<Object> named = ids(operand);
                if (named == null) return null;
                ids.addAll(named);
            }
            return ids;
        }
        if (condition.getKind() == SqlKind.EQUALS) {
            SqlNode left = ((SqlCall) condition).operand(0);
            SqlNode right = ((SqlCall) condition).operand(1);
            Object id = isSegment(left) ? id(right) : isSegment(right) ? id(left) : null;
            return id == null ? null : List.of(id);
        }
        if (condition.getKind() == SqlKind.IN && isSegment(((SqlCall) condition).operand(0))
                && ((SqlCall) condition).operand(1) instanceof SqlNodeList list) {
            List<Object> ids = new ArrayList<>();
            for (SqlNode item : list) {
                Object id = id(item);
                if (id == null) return null;
                ids.add(id);
            }
            return ids;
        }
        return null;
    }

    private static boolean isSegment(SqlNode node) {
        return node instanceof SqlIdentifier identifier && Util.last(identifier.names).equalsIgnoreCase(TroughTable.SEGMENT_COLUMN);
    }

    private static Object id(SqlNode node) {
        if (node instanceof SqlCharStringLiteral text) return text.getValueAs(String.class);
        if (node instanceof SqlDynamicParam parameter) return parameter.getIndex();
        return null;
    }
}
