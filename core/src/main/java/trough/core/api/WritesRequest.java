package trough.core.api;

import java.util.List;

/**
 * Several writes to one segment sent at once ({@code POST /v1/segments/{id}/writes}): each transaction runs as
 * its own, in order, exactly as if each were sent alone; the answer comes once every committed one is durable.
 * Lets a writer's change-log records be written while the next transactions run. The transactions are either
 * SQL texts ({@code transactions}) or rows bound to one statement ({@code statementRows}): one of the two.
 */
public record WritesRequest(List<String> transactions, StatementRows statementRows) {
    public static WritesRequest of(List<String> transactions) {
        return new WritesRequest(transactions, null);
    }

    public static WritesRequest of(StatementRows rows) {
        return new WritesRequest(null, rows);
    }
}
