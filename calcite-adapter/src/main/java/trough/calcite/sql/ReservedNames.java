package trough.calcite.sql;

import java.util.Locale;
import java.util.Set;

/**
 * The words SQLite takes as names that Calcite's Babel parser keeps as keywords, and a statement with each
 * of them double-quoted where it stands as a name. A statement that does not parse as written is tried
 * again with them quoted: a word followed by a string ({@code DATE '2024-01-02'}) or a parenthesis
 * ({@code date(x)}, {@code SOME (SELECT ...)}) stays a keyword, and if the quoted statement does not parse
 * either, the first error stands, so a name is never made of a keyword the statement needed.
 */
public final class ReservedNames {
    public static final Set<String> WORDS = Set.of("date", "time", "timestamp", "interval", "uuid", "grant", "new", "partition", "range",
            "rows", "window", "some");

    private ReservedNames() {}

    /** {@code sql} with the words quoted where they stand as names, or null when it has none. */
    public static String quoted(String sql) {
        StringBuilder result = new StringBuilder(sql.length() + 16);
        boolean changed = false;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'' || c == '"' || c == '`') {
                end = closing(sql, i, c);
            } else if (c == '[') {
                end = closing(sql, i, ']');
            } else if (c == '-' && sql.startsWith("--", i)) {
                end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                end = sql.indexOf("*/", i + 2);
                end = end < 0 ? sql.length() : end + 2;
            } else if (Character.isLetter(c) || c == '_') {
                end = i;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) end++;
                String word = sql.substring(i, end);
                boolean qualified = i > 0 && sql.charAt(i - 1) == '.';
                if (WORDS.contains(word.toLowerCase(Locale.ROOT)) && (qualified || !keywordFollows(sql, end))) {
                    result.append('"').append(word).append('"');
                    changed = true;
                    i = end;
                    continue;
                }
            } else {
                end = i + 1;
            }
            result.append(sql, i, end);
            i = end;
        }
        return changed ? result.toString() : null;
    }

    /** Whether what follows makes the word a keyword: a string (a typed literal) or a parenthesis (a call). */
    private static boolean keywordFollows(String sql, int from) {
        int next = from;
        while (next < sql.length() && Character.isWhitespace(sql.charAt(next))) next++;
        return next < sql.length() && (sql.charAt(next) == '\'' || sql.charAt(next) == '(');
    }

    /** The end (exclusive) of a quoted run opened at {@code from}; a doubled closing character is part of it. */
    private static int closing(String sql, int from, char close) {
        int at = from + 1;
        while (at < sql.length()) {
            if (sql.charAt(at) == close) {
                if (at + 1 < sql.length() && sql.charAt(at + 1) == close && close != ']') {
                    at += 2;
                    continue;
                }
                return at + 1;
            }
            at++;
        }
        return sql.length();
    }
}
