package trough.sync.storage;

/**
 * A segment file as durable storage holds it: where, its checksum ({@code sha256:<hex>}) and size.
 * {@code logSeq} is the last change-log record the copy holds: replaying the records after it gives the
 * segment's latest state.
 */
public record StoredCopy(String remotePath, String checksum, long sizeBytes, long logSeq) {
    /**
     * The log record a promoted copy holds, read from its name ({@code <id>@<generation>+<seq>.sqlite}); 0 for a
     * copy promoted before Trough kept change logs.
     */
    public static long logSeqOf(String remotePath) {
        if (remotePath == null) return 0;
        int plus = remotePath.lastIndexOf('+');
        int dot = remotePath.lastIndexOf(".sqlite");
        if (plus < 0 || dot < plus) return 0;
        try {
            return Long.parseLong(remotePath.substring(plus + 1, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
