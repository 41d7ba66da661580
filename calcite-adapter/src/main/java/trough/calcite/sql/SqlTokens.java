package trough.calcite.sql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A statement's text as SQL tokens, as far as reading it without parsing needs them: words (quoted names
 * among them), operators, punctuation, literals with their values, and the text's own parameters. Blanks
 * and comments are skipped. Cheaper than Calcite's parser, which costs milliseconds on deep parentheses
 * and more when it refuses a text.
 */
public final class SqlTokens {
    private static final Set<String> TWO_CHARACTER_OPERATORS = Set.of("==", "<>", "!=", "<=", ">=", "||", "<<", ">>");

    private SqlTokens() {}

    /** The tokens of {@code sql}, or null when it holds a construct not read here (an unterminated quote). */
    public static List<Token> of(String sql) {
        return Lexer.tokens(sql);
    }

    /** What a token is; {@code PARAMETER} is the text's own placeholder ({@code ?}, {@code :name}, {@code $1}, {@code @x}), its first character. */
    public enum Kind { WORD, OPERATOR, PUNCTUATION, LITERAL, PARAMETER }

    /**
     * @param value a literal's value, or null for other tokens
     * @param word  the token in upper case (for matching keywords and operators)
     */
    public record Token(Kind kind, String text, String word, Object value, int start, int end) {}

    private static final class Lexer {
        private final String sql;
        private int at;

        private Lexer(String sql) {
            this.sql = sql;
        }

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
            if (c == '?' || c == ':' || c == '$' || c == '@') {
                at++;
                return token(Kind.PARAMETER, start, null);
            }
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
