package trough.sync.master;

import java.time.Duration;

/**
 * When the master's safety sweep runs and where it is. The sweep reads the registry a page at a time, as a full
 * pass did, and corrects the master's view and placement where they drifted (a change the stream never told);
 * it starts every {@code every} and takes at most a slice of each round, after the round's own work, so it
 * never delays placing what changed.
 */
final class SafetySweep {
    private final Duration every;
    private final Duration slice;
    private long nextStart;
    private boolean running;
    private String after;
    private int pass;

    SafetySweep(Duration every, Duration slice) {
        this.every = every;
        this.slice = slice;
        this.nextStart = System.nanoTime() + every.toNanos();
    }

    /** The pass under way (or the last one): segments seen or changed during it carry its number. */
    int pass() {
        return pass;
    }

    /** True when a pass is under way, starting one if it is due. */
    boolean due() {
        if (!running && System.nanoTime() - nextStart >= 0) {
            running = true;
            after = null;
            pass++;
        }
        return running;
    }

    boolean running() {
        return running;
    }

    Duration slice() {
        return slice;
    }

    String after() {
        return after;
    }

    /** The sweep read up to {@code next} (null: the last page), and waits for its next start when done. */
    void advance(String next) {
        after = next;
        if (next == null) {
            running = false;
            nextStart = System.nanoTime() + every.toNanos();
        }
    }
}
