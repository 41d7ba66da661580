package trough.worker.query;

/** The most one query may return, in rows and in bytes sent; 0: no limit. */
public record ResultLimits(long maxRows, long maxBytes) {
    public static final ResultLimits NONE = new ResultLimits(0, 0);

    /** Why an answer of this size must stop, or null while it is within the limits. */
    String exceeded(long rows, long bytes) {
        if (maxRows > 0 && rows > maxRows) {
            return "the result passed this worker's limit of " + maxRows + " rows per query (limits.maxResultRows); "
                    + "narrow the query or add a LIMIT";
        }
        if (maxBytes > 0 && bytes > maxBytes) {
            return "the result passed this worker's limit of " + maxBytes + " bytes per query (limits.maxResultBytes); "
                    + "select fewer columns or rows";
        }
        return null;
    }
}
