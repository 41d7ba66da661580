package trough.core.sqlite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into statements the way SQLite's {@code sqlite3_complete()} does: a semicolon ends a
 * statement unless it is inside a string, a quoted identifier, a comment, or the body of a
 * {@code CREATE TRIGGER ... BEGIN ... END}. sqlite-jdbc prepares only the first statement of a text and
 * silently drops the rest, so anything that takes a body of SQL splits it here first.
 *
 * <p>This is lexing only. What a statement may do is decided by SQLite when it runs (see
 * {@link SqliteConnections}), never by looking at its words.
 */
public final class SqlScript {
    /** Stands for any token the splitter need not tell apart (it looks for CREATE, TRIGGER, END and ';'). */
    private static final String OTHER_TOKEN = "";

    private SqlScript() {}

    /** One statement: its text without the closing semicolon, and its first keyword in upper case. */
    public record Statement(String sql, String leadingKeyword) {}

    public static List<Statement> split(String sql) {
        List<Statement> statements = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = sql.length();
        String first = null;
        String previous = null;
        String beforePrevious = null;
        boolean sawCreate = false;
        boolean inTrigger = false;
        int tokenCount = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(sql, i, c);
                beforePrevious = previous;
                previous = "'";
                tokenCount++;
            } else if (c == '[') {
                int end = sql.indexOf(']', i);
                i = end < 0 ? n : end + 1;
                beforePrevious = previous;
                previous = "[";
                tokenCount++;
            } else if (c == ';') {
                boolean endsTrigger = "END".equals(previous) && ";".equals(beforePrevious);
                if (!inTrigger || endsTrigger) {
                    addIfNotEmpty(statements, sql.substring(start, i), first);
                    start = i + 1;
                    first = null;
                    sawCreate = false;
                    inTrigger = false;
                    tokenCount = 0;
                    previous = null;
                    beforePrevious = null;
                } else {
                    beforePrevious = previous;
                    previous = ";";
                }
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
                    end++;
                }
                // Only the first words and a trigger's END matter; the rest (a long INSERT's NULLs) need no copy.
                String word = first == null || tokenCount <= 2 || (inTrigger && end - i == 3)
                        ? sql.substring(i, end).toUpperCase(Locale.ROOT) : OTHER_TOKEN;
                if (first == null) first = word;
                // CREATE [TEMP|TEMPORARY] TRIGGER: the body holds semicolons of its own.
                if (tokenCount == 0 && word.equals("CREATE")) sawCreate = true;
                if (sawCreate && tokenCount <= 2 && word.equals("TRIGGER")) inTrigger = true;
                beforePrevious = previous;
                previous = word;
                tokenCount++;
                i = end;
            } else {
                if (first == null) first = String.valueOf(c);
                beforePrevious = previous;
                previous = OTHER_TOKEN;
                tokenCount++;
                i++;
            }
        }
        addIfNotEmpty(statements, sql.substring(start), first);
        return statements;
    }

    /** {@code name} as a quoted SQL identifier, safe to put into statement text whatever it holds. */
    public static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** {@code text} as a quoted SQL string literal. */
    public static String quoteLiteral(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static int skipQuoted(String sql, int i, char quote) {
        int j = i + 1;
        while (true) {
            int close = sql.indexOf(quote, j);
            if (close < 0) return sql.length();
            if (close + 1 < sql.length() && sql.charAt(close + 1) == quote) {
                j = close + 2; // a doubled quote is the quote character itself
                continue;
            }
            return close + 1;
        }
    }

    private static void addIfNotEmpty(List<Statement> statements, String text, String first) {
        if (first != null) statements.add(new Statement(text.strip(), first));
    }
}
