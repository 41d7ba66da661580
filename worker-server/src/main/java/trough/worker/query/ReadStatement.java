package trough.worker.query;

import java.util.List;
import java.util.Set;
import trough.core.sqlite.SqlScript;
import trough.worker.WorkerError;

/**
 * The one query of a read request. Only the shape is checked here: exactly one statement, and it is a
 * query (SELECT, WITH or VALUES). Whether it writes is for SQLite to say, on a connection it keeps
 * read-only: {@code WITH x AS (...) DELETE ...} passes this gate and is refused by SQLite.
 */
public record ReadStatement(String sql) {
    private static final Set<String> QUERY_KEYWORDS = Set.of("SELECT", "WITH", "VALUES");

    public static ReadStatement parse(String body, String segment) {
        if (body != null && body.indexOf('\0') >= 0) {
            // SQLite stops reading SQL at a NUL, and sqlite-jdbc's statement bookkeeping breaks on one.
            throw WorkerError.badRequest("nul_character", segment, "the SQL holds a NUL character (at " + body.indexOf('\0') + "); SQL text cannot");
        }
        List<SqlScript.Statement> statements = SqlScript.split(body == null ? "" : body);
        if (statements.isEmpty()) {
            throw WorkerError.badRequest("empty_query", segment, "the request has no SQL: send one SELECT statement");
        }
        if (statements.size() > 1) {
            throw new WorkerError(403, "several_statements", segment,
                    "a read runs exactly one SELECT; this body has " + statements.size() + " statements");
        }
        SqlScript.Statement statement = statements.get(0);
        if (!QUERY_KEYWORDS.contains(statement.leadingKeyword())) {
            throw new WorkerError(403, "not_a_query", segment, "the read path runs queries only (SELECT, WITH, VALUES), not "
                    + statement.leadingKeyword() + "; send writes to POST /v1/segments/" + (segment == null ? "{id}" : segment) + "/write");
        }
        return new ReadStatement(statement.sql());
    }
}
