package trough.calcite.scratch;

/**
 * Finds SQLite's empty list, {@code x IN ()}, in a statement's text: Calcite's parser refuses it, and
 * refusing costs it several milliseconds (its error report runs the grammar's lookaheads again), so a
 * query holding one goes to the client's SQLite without being offered to the parser first. Quoted text,
 * quoted names and comments are skipped; a false match costs nothing but the parse it saves.
 */
final class EmptyInList {
    private EmptyInList() {}

    static boolean in(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                int close = sql.indexOf(c == '[' ? ']' : c, i + 1);
                i = close < 0 ? n : close + 1;
            } else if (startsComment(sql, i)) {
                i = afterComment(sql, i);
            } else if (isWordPart(c)) {
                int start = i;
                while (i < n && isWordPart(sql.charAt(i))) i++;
                if (i - start == 2 && sql.regionMatches(true, start, "in", 0, 2) && emptyListAt(sql, i)) return true;
            } else {
                i++;
            }
        }
        return false;
    }

    /** Whether {@code ( )}, with only blanks and comments inside and before it, starts at {@code i}. */
    private static boolean emptyListAt(String sql, int i) {
        i = afterBlanks(sql, i);
        if (i >= sql.length() || sql.charAt(i) != '(') return false;
        i = afterBlanks(sql, i + 1);
        return i < sql.length() && sql.charAt(i) == ')';
    }

    private static int afterBlanks(String sql, int i) {
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) i++;
            else if (startsComment(sql, i)) i = afterComment(sql, i);
            else break;
        }
        return i;
    }

    private static boolean startsComment(String sql, int i) {
        return sql.startsWith("--", i) || sql.startsWith("/*", i);
    }

    private static int afterComment(String sql, int i) {
        int end = sql.startsWith("--", i) ? sql.indexOf('\n', i) : sql.indexOf("*/", i + 2);
        return end < 0 ? sql.length() : end + (sql.charAt(end) == '\n' ? 1 : 2);
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
