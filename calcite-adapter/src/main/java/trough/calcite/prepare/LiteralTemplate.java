package trough.calcite.prepare;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import trough.calcite.sql.SqlTokens;
import trough.calcite.sql.SqlTokens.Kind;
import trough.calcite.sql.SqlTokens.Token;

/**
 * A query's text with the literals that only feed comparisons replaced by parameters, so that queries that
 * differ in those values alone (a BI tool's filter after each click) share one plan. A literal is taken
 * only where its value cannot shape the plan: after a comparison operator, as a LIKE pattern, as BETWEEN's
 * bounds, or as a member of an IN list. Literals anywhere else stay (the select list, LIMIT, a CAST's type,
 * {@code DATE '...'}, a negative number), and a text with parameters of its own, or whose literals are all
 * elsewhere, has no template.
 *
 * <p>Whether a taken value can stand for the literal depends on the type the plan gives its parameter; that
 * is decided when the plan is bound to the values ({@link LiteralValues}).
 *
 * @param text   the query with {@code ?} for each taken literal
 * @param values each taken literal's value, in order: a {@link String}, a {@link Long} (an integer), or a
 *               {@link BigDecimal} (a number with a decimal point)
 */
record LiteralTemplate(String text, List<Object> values) {
    private static final Set<String> COMPARISONS = Set.of("=", "==", "<>", "!=", "<", "<=", ">", ">=");

    LiteralTemplate {
        values = List.copyOf(values);
    }

    /** The template of {@code sql}, or null when no literal can be taken. */
    static LiteralTemplate of(String sql) {
        List<Token> tokens = SqlTokens.of(sql);
        if (tokens == null || tokens.stream().anyMatch(token -> token.kind() == Kind.PARAMETER)) return null;
        StringBuilder text = new StringBuilder();
        List<Object> values = new ArrayList<>();
        int copied = 0;
        boolean inList = false;
        boolean betweenBound = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            String before = i > 0 ? tokens.get(i - 1).word() : "";
            if (token.kind() == Kind.PUNCTUATION && token.text().equals(")")) inList = false;
            if (token.kind() == Kind.PUNCTUATION && token.text().equals("(") && before.equals("IN")) inList = true;
            if (token.value() == null) {
                if (!(token.word().equals("AND") && betweenBound)) betweenBound = false;
                continue;
            }
            boolean take = COMPARISONS.contains(before)
                    || (before.equals("LIKE") && token.value() instanceof String)
                    || before.equals("BETWEEN")
                    || (before.equals("AND") && betweenBound)
                    || (inList && (before.equals("(") || before.equals(",")));
            betweenBound = before.equals("BETWEEN");
            if (!take) continue;
            text.append(sql, copied, token.start()).append('?');
            copied = token.end();
            values.add(token.value());
        }
        if (values.isEmpty()) return null;
        text.append(sql, copied, sql.length());
        return new LiteralTemplate(text.toString(), values);
    }
}
