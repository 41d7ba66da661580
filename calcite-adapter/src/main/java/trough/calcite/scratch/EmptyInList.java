package trough.calcite.scratch;

import java.util.List;
import trough.calcite.sql.SqlTokens;

/**
 * Finds SQLite's empty list, {@code x IN ()}, in a statement's text: Calcite's parser refuses it, and
 * refusing costs it several milliseconds (its error report runs the grammar's lookaheads again), so a
 * query holding one goes to the client's SQLite without being offered to the parser first. A false match
 * costs nothing but the parse it saves.
 */
final class EmptyInList {
    private EmptyInList() {}

    static boolean in(String sql) {
        List<SqlTokens.Token> tokens = SqlTokens.of(sql);
        if (tokens == null) return false;
        for (int i = 0; i + 2 < tokens.size(); i++) {
            if (tokens.get(i).kind() == SqlTokens.Kind.WORD && tokens.get(i).word().equals("IN")
                    && tokens.get(i + 1).text().equals("(") && tokens.get(i + 2).text().equals(")")) {
                return true;
            }
        }
        return false;
    }
}
