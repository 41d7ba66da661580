package trough.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import trough.calcite.sql.ReservedNames;
import trough.core.client.TroughQueryException;
import trough.core.client.WorkerException;
import trough.core.scan.ScanException;
import trough.core.segment.InvalidSegmentIdException;
import trough.core.wire.RemoteQueryException;

/**
 * The SQLException an application sees for a failure: a SQLState tools can classify (42 syntax and missing
 * objects, 22 data, 23 constraints, 08 connection, HYT00 timeout, 57014 cancel, 0A000 not supported, HY000
 * anything else), and a first line that says what went wrong and what to do. Calcite wraps the real reason
 * in "Error while executing SQL" and a parser's list of every token it expected; this finds the reason in
 * the cause chain and says it plainly, with the statement on a second line.
 */
final class DriverErrors {
    static final String SYNTAX = "42601";
    static final String UNKNOWN_TABLE = "42S02";
    static final String UNKNOWN_COLUMN = "42S22";
    static final String INVALID_SQL = "42000";
    static final String DATA = "22000";
    static final String INVALID_VALUE = "22023";
    static final String CONSTRAINT = "23000";
    static final String CONNECTION = "08006";
    static final String TIMEOUT = "HYT00";
    static final String CANCELLED = "57014";
    static final String NOT_SUPPORTED = "0A000";
    static final String GENERAL = "HY000";

    /** Where the parser stopped and at what: the default parser's words, then Babel's. */
    private static final Pattern ENCOUNTERED = Pattern.compile("(?:Encountered \"|Incorrect syntax near the keyword ')(.*?)[\"'] at line (\\d+), column (\\d+)");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Words SQLite takes as names that Calcite's Babel parser still reserves (docs/jdbc.md, "Names"). */
    static final Set<String> KEYWORDS_NOT_NAMES = ReservedNames.WORDS;
    private static final Pattern NOT_FOUND = Pattern.compile("Object '([^']*)' not found");

    private DriverErrors() {}

    /**
     * The error to report for {@code failure}, raised running {@code sql} (null when unknown); {@code tables}
     * are the names an unknown table could have meant. A SQLException that already has a SQLState is kept.
     */
    static SQLException of(Throwable failure, String sql, Collection<String> tables) {
        if (failure instanceof SQLException given && given.getSQLState() != null) return given;
        String statement = sql == null ? "" : "\n  in: " + sql.strip();
        String reason = firstLine(reason(failure));
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            SQLException known = classify(cause, sql, reason, statement, tables);
            if (known != null) {
                known.initCause(failure);
                return known;
            }
        }
        return new SQLException(reason + statement, GENERAL, failure);
    }

    private static SQLException classify(Throwable cause, String sql, String reason, String statement, Collection<String> tables) {
        if (cause instanceof SqlParseException parse) return new SQLException(syntax(parse) + keywordHint(parse, sql) + statement, SYNTAX);
        if (cause instanceof CalciteContextException context) return validation(context, statement, tables);
        if (cause instanceof UnsupportedOperationException) return new SQLException(firstLine(cause.getMessage()) + statement, NOT_SUPPORTED);
        if (cause instanceof InvalidSegmentIdException) return new SQLException(cause.getMessage() + statement, INVALID_VALUE);
        if (cause instanceof ScanException scan) {
            switch (scan.kind()) {
                case TIMEOUT -> { return new SQLTimeoutException(scan.getMessage() + statement, TIMEOUT); }
                case CANCELLED -> { return new SQLException(scan.getMessage() + statement, CANCELLED); }
                default -> { }
            }
        }
        if (cause instanceof SQLiteException sqlite && isConstraint(sqlite.getResultCode())) {
            return new SQLException(reason + statement, CONSTRAINT);
        }
        if (cause instanceof NumberFormatException || cause instanceof ClassCastException || cause instanceof ArithmeticException) {
            return new SQLException("a value does not fit its type: " + reason + statement, DATA);
        }
        if (cause instanceof WorkerException worker) return worker(worker, reason, statement);
        if (cause instanceof IOException && !(cause instanceof RemoteQueryException) && !(cause.getCause() instanceof SQLException)) {
            return new SQLException("cannot reach the cluster: " + reason + "; check that its workers are up" + statement, CONNECTION);
        }
        String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        // A worker's answer arrives as text: its timeouts, cancels and constraint failures are known by their words.
        if (cause.getCause() == null && message.contains("timed out")) return new SQLTimeoutException(cause.getMessage() + statement, TIMEOUT);
        if (cause.getCause() == null && message.contains("cancelled")) return new SQLException(cause.getMessage() + statement, CANCELLED);
        if (cause.getCause() == null && message.contains("constraint failed")) return new SQLException(reason + statement, CONSTRAINT);
        return null;
    }

    /** A worker's answer, by the error kind it gave; null leaves the failure to the causes behind it. */
    private static SQLException worker(WorkerException worker, String reason, String statement) {
        if ("timeout".equals(worker.kind())) return new SQLTimeoutException(reason + statement, TIMEOUT);
        if ("cancelled".equals(worker.kind())) return new SQLException(reason + statement, CANCELLED);
        if ("bad_segment_id".equals(worker.kind())) return new SQLException(reason + statement, INVALID_VALUE);
        if (worker.status() == 0) return new SQLException("cannot reach the cluster: " + reason + "; check that its workers are up" + statement, CONNECTION);
        if (worker.getMessage() != null && worker.getMessage().contains("constraint failed")) return new SQLException(reason + statement, CONSTRAINT);
        return null;
    }

    private static boolean isConstraint(SQLiteErrorCode code) {
        return code != null && code.name().startsWith("SQLITE_CONSTRAINT");
    }

    /** A syntax error's position and what to do, without the parser's list of every token it would have taken. */
    private static String syntax(SqlParseException parse) {
        SqlParserPos pos = parse.getPos();
        String where = pos == null ? "" : " at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
        String message = firstLine(parse.getMessage());
        Matcher encountered = ENCOUNTERED.matcher(message);
        if (encountered.find()) {
            if (encountered.group(1).equals("<EOF>")) {
                return "syntax error: the statement ends too early, at line " + encountered.group(2) + ", column " + encountered.group(3)
                        + "; complete it (an expression, a table name or a clause is missing there)";
            }
            return "syntax error at line " + encountered.group(2) + ", column " + encountered.group(3) + ", near '" + encountered.group(1)
                    + "': check the SQL there (an expression or a clause may be missing; a keyword used as a name can be written in double quotes)";
        }
        if (message.contains("Non-query expression encountered in illegal context")) {
            return "syntax error" + where + ": this is not a statement Trough knows; statements begin with SELECT, WITH, VALUES, "
                    + "INSERT, UPDATE, DELETE or EXPLAIN (check the first word's spelling)";
        }
        return "syntax error" + where + ": " + message;
    }

    /**
     * When the parser stopped at, or just before, one of the few words Trough's parser keeps as keywords
     * though SQLite takes them as names: how to use it as a name.
     */
    private static String keywordHint(SqlParseException parse, String sql) {
        if (sql == null || parse.getPos() == null) return "";
        int offset = 0;
        for (int line = 1; line < parse.getPos().getLineNum() && offset >= 0; line++) offset = sql.indexOf('\n', offset) + 1;
        if (offset < 0) return "";
        offset += parse.getPos().getColumnNum() - 1;
        Matcher words = WORD.matcher(sql);
        int seen = 0;
        while (offset >= 0 && offset < sql.length() && words.find(offset) && seen++ < 2) {
            String word = words.group().toLowerCase(Locale.ROOT);
            if (KEYWORDS_NOT_NAMES.contains(word)) {
                return "; '" + word + "' is a keyword in Trough's SQL: to use it as a name, write it in double quotes (\"" + word + "\")";
            }
            offset = words.end();
        }
        return "";
    }

    private static SQLException validation(CalciteContextException context, String statement, Collection<String> tables) {
        String reason = context.getCause() != null && context.getCause().getMessage() != null ? context.getCause().getMessage() : context.getMessage();
        String where = " (line " + context.getPosLine() + ", column " + context.getPosColumn() + ")";
        Matcher notFound = NOT_FOUND.matcher(reason);
        if (notFound.find()) {
            return new SQLException("table '" + notFound.group(1) + "' does not exist" + where + "; the tables are: "
                    + (tables.isEmpty() ? "(none)" : String.join(", ", tables)) + statement, UNKNOWN_TABLE);
        }
        if (reason.startsWith("Column '") && reason.contains("not found")) {
            return new SQLException(reason + where + "; DatabaseMetaData.getColumns lists the columns" + statement, UNKNOWN_COLUMN);
        }
        return new SQLException(reason + where + statement, INVALID_SQL);
    }

    /**
     * Trough's own message when there is one (it names the segment or worker and what to do), else the
     * innermost message: Calcite's outer layers only repeat it with a prefix.
     */
    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof TroughQueryException) return cause.getMessage();
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) message = cause.getMessage();
        }
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    private static String firstLine(String message) {
        if (message == null) return "";
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
