package trough.calcite.prepare;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

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
    private static final Set<String> TWO_CHARACTER_OPERATORS = Set.of("==", "<>", "!=", "<=", ">=", "||", "<<", ">>");

    LiteralTemplate {
        values = List.copyOf(values);
    }

    /** The template of {@code sql}, or null when no literal can be taken. */
    static LiteralTemplate of(String sql) {
        List<Token> tokens = Lexer.tokens(sql);
        if (tokens == null) return null;
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

    private enum Kind { WORD, OPERATOR, PUNCTUATION, LITERAL }

    /**
     * @param value a literal's value, or null for other tokens
     * @param word  the token in upper case (for matching keywords and operators)
     */
    private record Token(Kind kind, String text, String word, Object value, int start, int end) {}

    /** SQL's tokens as far as templates need them: words, operators, punctuation and literals. */
    private static final class Lexer {
        private final String sql;
        private int at;

        private Lexer(String sql) {
            this.sql = sql;
        }

        /** The tokens, or null when the text has parameters of its own or a construct not read here. */
        static List<Token> tokens(String sql) {
            Lexer lexer = new Lexer(sql);
            List<Token> tokens = new ArrayList<>();
            while (true) {
                lexer.skipBlanksAndComments();
                if (lexer.at >= sql.length()) return tokens;
                Token token = lexer.next();
                if (token == null) return null;
                tokens.add(token);
            }
        }

        private void skipBlanksAndComments() {
            while (at < sql.length()) {
                char c = sql.charAt(at);
                if (Character.isWhitespace(c)) {
                    at++;
                } else if (sql.startsWith("--", at)) {
                    int end = sql.indexOf('\n', at);
                    at = end < 0 ? sql.length() : end + 1;
                } else if (sql.startsWith("/*", at)) {
                    int end = sql.indexOf("*/", at + 2);
                    at = end < 0 ? sql.length() : end + 2;
                } else {
                    return;
                }
            }
        }

        private Token next() {
            int start = at;
            char c = sql.charAt(at);
            if (c == '?' || c == ':' || c == '$' || c == '@') return null; // the text's own parameters
            if (c == '\'') {
                StringBuilder value = new StringBuilder();
                at++;
                while (true) {
                    int quote = sql.indexOf('\'', at);
                    if (quote < 0) return null;
                    value.append(sql, at, quote);
                    at = quote + 1;
                    if (at < sql.length() && sql.charAt(at) == '\'') {
                        value.append('\'');
                        at++;
                    } else {
                        break;
                    }
                }
                // X'..', N'..' and the like: a prefix glued to the quote makes it another kind of literal.
                boolean prefixed = start > 0 && Character.isLetterOrDigit(sql.charAt(start - 1));
                return token(prefixed ? Kind.WORD : Kind.LITERAL, start, prefixed ? null : value.toString());
            }
            if (c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int end = sql.indexOf(close, at + 1);
                while (end >= 0 && close != ']' && end + 1 < sql.length() && sql.charAt(end + 1) == close) end = sql.indexOf(close, end + 2);
                if (end < 0) return null;
                at = end + 1;
                return token(Kind.WORD, start, null);
            }
            if (Character.isDigit(c) || (c == '.' && at + 1 < sql.length() && Character.isDigit(sql.charAt(at + 1)))) return number(start);
            if (Character.isLetter(c) || c == '_') {
                while (at < sql.length() && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_' || sql.charAt(at) == '$')) at++;
                return token(Kind.WORD, start, null);
            }
            if (c == '(' || c == ')' || c == ',' || c == ';') {
                at++;
                return token(Kind.PUNCTUATION, start, null);
            }
            boolean pair = at + 1 < sql.length() && TWO_CHARACTER_OPERATORS.contains(sql.substring(at, at + 2));
            at += pair ? 2 : 1;
            return token(Kind.OPERATOR, start, null);
        }

        /** A decimal number: an integer, or one with a point. Hex numbers and exponents stay as they are. */
        private Token number(int start) {
            while (at < sql.length() && Character.isDigit(sql.charAt(at))) at++;
            boolean point = at < sql.length() && sql.charAt(at) == '.';
            if (point) {
                at++;
                while (at < sql.length() && Character.isDigit(sql.charAt(at))) at++;
            }
            boolean other = at < sql.length() && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_' || sql.charAt(at) == '.');
            if (other) {
                // 1e3, 0x1F, 1.2.3: not read here; the run stays as written.
                while (at < sql.length() && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_' || sql.charAt(at) == '.'
                        || ((sql.charAt(at) == '+' || sql.charAt(at) == '-') && Character.toLowerCase(sql.charAt(at - 1)) == 'e'))) {
                    at++;
                }
                return token(Kind.WORD, start, null);
            }
            String digits = sql.substring(start, at);
            Object value;
            if (point) {
                value = new BigDecimal(digits);
            } else {
                try {
                    value = Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    return token(Kind.WORD, start, null); // beyond a long: SQLite reads it as a real
                }
            }
            return token(Kind.LITERAL, start, value);
        }

        private Token token(Kind kind, int start, Object value) {
            String text = sql.substring(start, at);
            return new Token(kind, text, text.toUpperCase(Locale.ROOT), value, start, at);
        }
    }
}
