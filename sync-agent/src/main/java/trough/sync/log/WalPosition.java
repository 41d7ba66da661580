package trough.sync.log;

/**
 * A point in a SQLite write-ahead log just after a commit: which cycle of the log (its salts, changed by SQLite
 * each time it starts the log over), the byte offset of the next frame, and the running checksum the next
 * frame must continue.
 */
public record WalPosition(int salt1, int salt2, long offset, int checksum1, int checksum2) {
    /** Whether a log with these salts is the cycle this position belongs to. */
    boolean sameCycle(int otherSalt1, int otherSalt2) {
        return salt1 == otherSalt1 && salt2 == otherSalt2;
    }
}
