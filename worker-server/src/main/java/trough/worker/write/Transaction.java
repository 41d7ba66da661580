package trough.worker.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.StatementRunner;
import trough.core.sqlite.StatementRunner.StatementGuard;

/** One transaction of a write request, checked before the segment's writer is taken. */
sealed interface Transaction {
    /** Runs it on the writer connection as one transaction; answers the rows changed. */
    long run(Connection connection, StatementGuard guard) throws SQLException;

    /** How many statements it ran, for the acknowledgement. */
    int statements();

    /** Statements of SQL text, run in order. */
    record Script(List<SqlScript.Statement> statementList) implements Transaction {
        @Override
        public long run(Connection connection, StatementGuard guard) throws SQLException {
            return StatementRunner.runInTransaction(connection, statementList, guard);
        }

        @Override
        public int statements() {
            return statementList.size();
        }
    }

    /** One statement run once for each row of values. */
    record BoundRows(SqlScript.Statement statement, List<Object[]> rows) implements Transaction {
        @Override
        public long run(Connection connection, StatementGuard guard) throws SQLException {
            return StatementRunner.runForEachRow(connection, statement, rows, guard);
        }

        @Override
        public int statements() {
            return rows.size();
        }
    }
}
