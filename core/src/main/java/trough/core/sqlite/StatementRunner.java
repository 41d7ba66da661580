package trough.core.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;

/**
 * Runs statements split by {@link SqlScript} one by one through prepared statements. Prepared statements,
 * unlike sqlite-jdbc's {@code Statement.execute(String)}, never interpret sqlite-jdbc's own
 * {@code backup to}/{@code restore from} commands, which would read or write arbitrary files.
 */
public final class StatementRunner {
    private static final Set<String> CHANGES_ROWS = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "WITH");

    /** Statements that would end or nest the transaction a caller wraps a body in. */
    private static final Set<String> TRANSACTION_CONTROL = Set.of("BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE");

    private StatementRunner() {}

    /** Looks at each statement on the connection, inside the transaction, just before it runs; throwing refuses it. */
    @FunctionalInterface
    public interface StatementGuard {
        StatementGuard NONE = (connection, statement) -> { };

        void check(Connection connection, SqlScript.Statement statement) throws SQLException;
    }

    /** True when the statement would take transaction control away from the caller. */
    public static boolean isTransactionControl(SqlScript.Statement statement) {
        return TRANSACTION_CONTROL.contains(statement.leadingKeyword());
    }

    /**
     * Runs the statements as one transaction ({@code BEGIN IMMEDIATE} ... {@code COMMIT}): all of them, or on
     * the first failure none, rolled back. When the rollback itself fails for another reason than SQLite having
     * rolled back already, the connection's state is unknown: that failure is attached to the one thrown as
     * suppressed, and the caller should not reuse the connection.
     */
    public static long runInTransaction(Connection connection, List<SqlScript.Statement> statements) throws SQLException {
        return runInTransaction(connection, statements, StatementGuard.NONE);
    }

    /** As {@link #runInTransaction(Connection, List)}, with each statement checked by {@code guard} before it runs. */
    public static long runInTransaction(Connection connection, List<SqlScript.Statement> statements, StatementGuard guard) throws SQLException {
        return inTransaction(connection, () -> run(connection, statements, guard));
    }

    /**
     * Runs {@code statement} once for each row of parameters (values {@link BoundValues#reduce reduced}) as one
     * transaction, prepared once: all rows or, on the first failure, none. Answers the rows changed.
     */
    public static long runForEachRow(Connection connection, SqlScript.Statement statement, List<Object[]> rows, StatementGuard guard)
            throws SQLException {
        return inTransaction(connection, () -> {
            guard.check(connection, statement);
            long changed = 0;
            try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
                int parameters = prepared.getParameterMetaData().getParameterCount();
                for (Object[] row : rows) {
                    if (row.length != parameters) {
                        throw new SQLException("a row of " + row.length + " values for a statement of " + parameters + " parameters: every row "
                                + "gives one value per parameter (nothing was written)", "07001", SQLiteErrorCode.SQLITE_RANGE.code);
                    }
                    for (int i = 0; i < row.length; i++) BoundValues.bind(prepared, i + 1, row[i]);
                    changed += step(prepared, statement);
                }
            }
            return changed;
        });
    }

    private interface TransactionWork {
        long run() throws SQLException;
    }

    private static long inTransaction(Connection connection, TransactionWork work) throws SQLException {
        try (var control = connection.createStatement()) {
            control.execute("BEGIN IMMEDIATE");
            try {
                long changed = work.run();
                control.execute("COMMIT");
                return changed;
            } catch (SQLException e) {
                try {
                    control.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    if (!String.valueOf(rollback.getMessage()).contains("no transaction is active")) e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }

    /**
     * Runs every statement, stepping through any rows a statement returns (an {@code INSERT ... RETURNING}
     * only inserts as its rows are read), and answers the number of rows changed.
     */
    public static long run(Connection connection, List<SqlScript.Statement> statements) throws SQLException {
        return run(connection, statements, StatementGuard.NONE);
    }

    private static long run(Connection connection, List<SqlScript.Statement> statements, StatementGuard guard) throws SQLException {
        long changed = 0;
        for (SqlScript.Statement statement : statements) {
            guard.check(connection, statement);
            try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
                changed += step(prepared, statement);
            }
        }
        return changed;
    }

    /** Runs a prepared statement to its end; answers the rows it changed. */
    private static long step(PreparedStatement prepared, SqlScript.Statement statement) throws SQLException {
        if (prepared.execute()) {
            try (ResultSet rows = prepared.getResultSet()) {
                while (rows.next()) {
                    // stepping is what runs the statement
                }
            }
            return 0;
        }
        // SQLite answers a DDL statement's update count with the previous statement's changes.
        return CHANGES_ROWS.contains(statement.leadingKeyword().toUpperCase(Locale.ROOT)) ? Math.max(0, prepared.getUpdateCount()) : 0;
    }
}
