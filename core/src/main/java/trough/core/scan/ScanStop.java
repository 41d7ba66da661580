package trough.core.scan;

import java.util.concurrent.TimeUnit;

/**
 * When a read must stop: a cancel, from any thread, or its deadline. SQLite work run on the reading thread
 * itself learns of either at its next progress check ({@link #due}), in {@link OneSegmentScan} and the combine
 * of {@link CombinedScan}; a {@link ParallelReader} waits for its tasks no longer than the deadline.
 */
final class ScanStop {
    private volatile String cancelReason;
    private long timeoutMillis;
    private long deadline;

    /** The deadline is {@code timeoutMillis} from now. */
    void start(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Keeps the first reason given. */
    void cancel(String reason) {
        if (cancelReason == null) cancelReason = reason;
    }

    /** Why the scan was cancelled, or null. */
    String cancelReason() {
        return cancelReason;
    }

    boolean pastDeadline() {
        return System.nanoTime() - deadline > 0;
    }

    /** Whether the work must stop now: for SQLite's progress check. */
    boolean due() {
        return cancelReason != null || pastDeadline();
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** The time left before the deadline, at least 1 ms (for a wait or a request that must carry a timeout). */
    long remainingMillis() {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /** The time left before the deadline, 0 once it has passed. */
    long remainingNanos() {
        return Math.max(0, deadline - System.nanoTime());
    }
}
