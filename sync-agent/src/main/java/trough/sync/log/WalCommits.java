package trough.sync.log;

/**
 * The frames of the transactions committed in a write-ahead log after a position, as SQLite wrote them (each
 * a 24-byte frame header and a page), and the position after the last of them.
 */
public record WalCommits(int pageSize, byte[] frames, WalPosition end) {
    public boolean isEmpty() {
        return frames.length == 0;
    }
}
