package trough.jdbc.oracle;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs a query on the oracle (one SQLite database holding all the rows) and through Trough, and says how
 * the answers compare. The Trough statement running can be cancelled from another thread.
 */
final class OracleCheck {
    enum Outcome {
        /** The same answer. */
        SAME,
        /** A different answer: the worst, a silently wrong one. */
        DIFFERENT,
        /** Trough failed where SQLite answers. */
        TROUGH_FAILED,
        /** SQLite refused the query: the query is wrong, not Trough. */
        ORACLE_REFUSED
    }

    record Verdict(Outcome outcome, String detail) {}

    private final Connection trough;
    private final Connection oracle;
    private volatile Statement running;

    OracleCheck(Connection trough, Connection oracle) {
        this.trough = trough;
        this.oracle = oracle;
    }

    /**
     * Compares in order when {@code ordered}, else as multisets; {@code mixedKeys}: 4 and 4.0 may stand for each
     * other (SQLite's DISTINCT and GROUP BY keep whichever they met first); {@code countOnly}: only the number
     * of rows is defined.
     */
    Verdict check(String sql, boolean ordered, boolean mixedKeys, boolean countOnly) {
        List<List<Object>> expected;
        try (Statement statement = oracle.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            expected = ResultComparison.read(rows);
        } catch (Exception e) {
            return new Verdict(Outcome.ORACLE_REFUSED, String.valueOf(e.getMessage()));
        }
        List<List<Object>> actual;
        try (Statement statement = trough.createStatement()) {
            running = statement;
            try (ResultSet rows = statement.executeQuery(sql)) {
                actual = ResultComparison.read(rows);
            }
        } catch (Exception | AssertionError | StackOverflowError e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return new Verdict(Outcome.TROUGH_FAILED, message + (root == e ? "" : " / " + root));
        } finally {
            running = null;
        }
        String difference = countOnly
                ? expected.size() == actual.size() ? null : "expected " + expected.size() + " rows, got " + actual.size()
                : ResultComparison.difference(expected, actual, ordered, mixedKeys);
        return difference == null ? new Verdict(Outcome.SAME, "") : new Verdict(Outcome.DIFFERENT, difference);
    }

    /** Cancels the Trough statement now running, if any. */
    void cancel() {
        Statement statement = running;
        if (statement == null) return;
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            // Cancelling is best effort: the caller abandons a statement that does not stop.
        }
    }
}
