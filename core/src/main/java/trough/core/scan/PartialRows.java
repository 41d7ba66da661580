package trough.core.scan;

/**
 * The table a split query's partial rows are gathered in, on a worker that combines them and on the client
 * that merges them: {@value #TABLE}, with columns {@code p$0}, {@code p$1}, ... Combine and merge queries are
 * written over it.
 */
public final class PartialRows {
    public static final String TABLE = "p";

    private PartialRows() {}

    /**
     * Column {@code i}: a name no user writes as an alias, as the merge query orders by its own columns'
     * aliases, and SQLite reads a name in ORDER BY as an alias first.
     */
    public static String column(int i) {
        return "p$" + i;
    }
}
