package trough.calcite.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.calcite.DataContext;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeUtil;
import trough.calcite.schema.SegmentTable;
import trough.calcite.schema.TroughTable;

/**
 * Drops the segments a WHERE clause rules out by its predicates on {@code _segment}: {@code =}, {@code <>},
 * ranges, {@code IN}, {@code LIKE} and AND/OR/NOT of these, judged as SQLite would (LIKE ignores ASCII case).
 * Whatever it cannot judge keeps the segment: pruning only ever skips segments that could not match, and
 * the predicate still runs in SQL.
 *
 * <p>A plan keeps its pruner and prunes at each execution, against the segments listed then and with the
 * statement's parameter values ({@code _segment = ?}); one pruner may serve several executions at once.
 */
public final class SegmentPruner {
    private final RexBuilder rexBuilder;
    private final int segmentField;
    private final List<RexNode> conjuncts = new ArrayList<>();
    private final Map<String, Pattern> likePatterns = new ConcurrentHashMap<>();

    /** @param conditions over the table's row, whose {@code _segment} is column {@code segmentField} */
    public SegmentPruner(RexBuilder rexBuilder, int segmentField, List<RexNode> conditions) {
        this.rexBuilder = rexBuilder;
        this.segmentField = segmentField;
        // SEARCH (what IN and ranges become) is expanded once here, not once per segment: with 100,000
        // segments that is the difference between milliseconds and seconds.
        for (RexNode condition : conditions) conjuncts.addAll(RelOptUtil.conjunctions(RexUtil.expandSearch(rexBuilder, null, condition)));
    }

    /** The pruner of {@code conditions} over the row of {@code table} ({@code _segment} last). */
    public static SegmentPruner of(TroughTable table, RexBuilder rexBuilder, List<RexNode> conditions) {
        return new SegmentPruner(rexBuilder, table.shape().columns().size(), conditions);
    }

    /**
     * The segments of {@code table} that may hold rows the conditions keep; {@code parameters} holds the
     * statement's parameter values, or is null when they are not known yet (then a condition on a parameter
     * keeps every segment). Segments the conditions name outright are found by id, not by walking the listing.
     */
    public List<SegmentTable> prune(TroughTable table, DataContext parameters) {
        if (conjuncts.isEmpty()) return table.segments();
        Set<String> named = named(parameters);
        List<SegmentTable> candidates = named == null ? table.segments()
                : table.segmentsNamed(named);
        List<SegmentTable> kept = new ArrayList<>();
        for (SegmentTable segment : candidates) {
            boolean possible = true;
            for (RexNode conjunct : conjuncts) {
                if (evaluate(conjunct, segment.segment().value(), parameters) == Boolean.FALSE) {
                    possible = false;
                    break;
                }
            }
            if (possible) kept.add(segment);
        }
        return kept;
    }

    /**
     * The ids a conjunct {@code _segment = 'x'} or {@code _segment IN (...)} allows, so that the usual query
     * on a few named segments looks them up instead of judging every segment; null when no conjunct names them.
     */
    private Set<String> named(DataContext parameters) {
        Set<String> named = null;
        for (RexNode conjunct : conjuncts) {
            Set<String> ids = new HashSet<>();
            for (RexNode alternative : RelOptUtil.disjunctions(conjunct)) {
                String id = alternative.getKind() == SqlKind.EQUALS ? equalTo((RexCall) alternative, parameters) : null;
                if (id == null) {
                    ids = null;
                    break;
                }
                ids.add(id);
            }
            if (ids != null) {
                if (named != null) ids.retainAll(named);
                named = ids;
            }
        }
        return named;
    }

    /** The literal {@code _segment} equals in this call, or null. */
    private String equalTo(RexCall call, DataContext parameters) {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        if (isSegment(left)) return text(right, parameters);
        if (isSegment(right)) return text(left, parameters);
        return null;
    }

    /** TRUE or FALSE when the predicate's outcome for this segment is certain, else null. */
    private Boolean evaluate(RexNode node, String segment, DataContext parameters) {
        if (!(node instanceof RexCall call)) return null;
        switch (call.getKind()) {
            case AND -> {
                boolean allTrue = true;
                for (RexNode operand : call.getOperands()) {
                    Boolean value = evaluate(operand, segment, parameters);
                    if (value == Boolean.FALSE) return false;
                    if (value == null) allTrue = false;
                }
                return allTrue ? Boolean.TRUE : null;
            }
            case OR -> {
                boolean allFalse = true;
                for (RexNode operand : call.getOperands()) {
                    Boolean value = evaluate(operand, segment, parameters);
                    if (value == Boolean.TRUE) return true;
                    if (value == null) allFalse = false;
                }
                return allFalse ? Boolean.FALSE : null;
            }
            case NOT -> {
                Boolean value = evaluate(call.getOperands().get(0), segment, parameters);
                return value == null ? null : !value;
            }
            case SEARCH -> {
                return evaluate(RexUtil.expandSearch(rexBuilder, null, call), segment, parameters);
            }
            case IS_NULL -> {
                return isSegment(call.getOperands().get(0)) ? Boolean.FALSE : null;
            }
            case IS_NOT_NULL -> {
                return isSegment(call.getOperands().get(0)) ? Boolean.TRUE : null;
            }
            case LIKE -> {
                if (call.getOperands().size() != 2 || !isSegment(call.getOperands().get(0))) return null;
                String pattern = text(call.getOperands().get(1), parameters);
                return pattern == null ? null : likePatterns.computeIfAbsent(pattern, SegmentPruner::likePattern).matcher(segment).matches();
            }
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                return compare(call, segment, parameters);
            }
            default -> {
                return null;
            }
        }
    }

    private Boolean compare(RexCall call, String segment, DataContext parameters) {
        RexNode left = call.getOperands().get(0);
        RexNode right = call.getOperands().get(1);
        SqlKind kind = call.getKind();
        String literal;
        if (isSegment(left)) {
            literal = text(right, parameters);
        } else if (isSegment(right)) {
            literal = text(left, parameters);
            kind = kind.reverse();
        } else {
            return null;
        }
        if (literal == null) return null;
        int order = segment.compareTo(literal);
        return switch (kind) {
            case EQUALS -> order == 0;
            case NOT_EQUALS -> order != 0;
            case LESS_THAN -> order < 0;
            case LESS_THAN_OR_EQUAL -> order <= 0;
            case GREATER_THAN -> order > 0;
            case GREATER_THAN_OR_EQUAL -> order >= 0;
            default -> null;
        };
    }

    private boolean isSegment(RexNode node) {
        RexNode stripped = withoutTextCasts(node);
        return stripped instanceof RexInputRef ref && ref.getIndex() == segmentField;
    }

    /**
     * The node under casts from text to text, which keep the id as it is (SQLite ignores a VARCHAR's length). A
     * cast to another type is kept: {@code CAST(_segment AS INTEGER) = '0'} holds on 'job-1', whose text is not '0'.
     */
    private static RexNode withoutTextCasts(RexNode node) {
        while (node.getKind() == SqlKind.CAST && node instanceof RexCall cast
                && SqlTypeUtil.inCharFamily(cast.getType()) && SqlTypeUtil.inCharFamily(cast.getOperands().get(0).getType())) {
            node = cast.getOperands().get(0);
        }
        return node;
    }

    /** The text a literal or a bound parameter holds, or null when it holds none (or is not known yet). */
    private static String text(RexNode node, DataContext parameters) {
        RexNode stripped = withoutTextCasts(node);
        if (stripped instanceof RexLiteral literal && !literal.isNull()) {
            Object value = literal.getValue2();
            return value instanceof String s ? s : null;
        }
        if (stripped instanceof RexDynamicParam parameter && parameters != null) {
            return parameters.get("?" + parameter.getIndex()) instanceof String s ? s : null;
        }
        return null;
    }

    /** SQLite's LIKE without ESCAPE: % and _ are wildcards, ASCII letters match either case. */
    private static Pattern likePattern(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '%') regex.append(".*");
            else if (c == '_') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }
}
