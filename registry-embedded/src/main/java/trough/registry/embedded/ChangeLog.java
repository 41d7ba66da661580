package trough.registry.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The embedded registry's change table: one row per change of a segment's record (worker null) or of a replica,
 * written in the transaction that makes the change, numbered in commit order (SQLite has one writer at a time,
 * and a rolled-back transaction gives its numbers back, so the numbers have no holes). It keeps the last
 * {@link #RETAINED} changes: a follower further behind than that finds a hole and reads everything again.
 */
final class ChangeLog {
    static final String TABLE = "CREATE TABLE IF NOT EXISTS change_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, segment TEXT NOT NULL, worker TEXT)";
    static final long RETAINED = 500_000;
    /** Pruned once every this many changes: one range delete at the head instead of one per change. */
    private static final long PRUNE_EVERY = 4_096;

    /** One change: {@code worker} is null for a segment's record. */
    record Entry(long seq, String segment, String worker) {}

    private final RegistryDatabase database;
    private final long retained;
    private final long pruneEvery;

    ChangeLog(RegistryDatabase database, long retained) {
        this.database = database;
        this.retained = retained;
        this.pruneEvery = Math.min(PRUNE_EVERY, retained);
    }

    /** Call inside the transaction that makes the change. */
    void append(String segment, String worker) {
        database.update("INSERT INTO change_log (segment, worker) VALUES (?, ?)", Arrays.asList(segment, worker));
        long seq = database.query("SELECT last_insert_rowid()", List.of(), rows -> rows.getLong(1)).get(0);
        if (seq % pruneEvery == 0) database.update("DELETE FROM change_log WHERE seq <= ?", List.of(seq - retained));
    }

    /** The number of the last change, 0 before any. */
    long last() {
        return database.query("SELECT COALESCE(MAX(seq), 0) FROM change_log", List.of(), rows -> rows.getLong(1)).get(0);
    }

    /** Up to {@code limit} changes after {@code seq}, in order. */
    List<Entry> after(long seq, int limit) {
        return new ArrayList<>(database.query("SELECT seq, segment, worker FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?", List.of(seq, limit),
                rows -> new Entry(rows.getLong(1), rows.getString(2), rows.getString(3))));
    }
}
