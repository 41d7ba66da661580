package trough.calcite.prepare;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import trough.core.client.TroughQueryException;

/**
 * The plans a driver is making now, so that connections that send one text together (a pool warming up, a
 * dashboard opened by many users) plan it once rather than once each on the CPUs they share: the first to
 * claim a key plans it, the others wait for it and then find its plan kept.
 *
 * <p>A waiter plans on its own when the wait ends without a kept plan: the planning failed (its error may be
 * its connection's own, so it is not passed on), its plan could not be kept, or it took longer than
 * {@link #LONGEST_WAIT}, which a planning does only when it waits on something of its own (a slow cluster).
 * Waiters released together then plan side by side, as they did before they waited, never one after another.
 */
final class PlanningInProgress {
    static final Duration LONGEST_WAIT = Duration.ofSeconds(10);

    private final ConcurrentMap<PlanCache.Key, Planner> planners = new ConcurrentHashMap<>();
    private final long longestWaitMillis;

    private record Planner(Thread thread, CountDownLatch done) {}

    PlanningInProgress() {
        this(LONGEST_WAIT);
    }

    PlanningInProgress(Duration longestWait) {
        this.longestWaitMillis = longestWait.toMillis();
    }

    /**
     * A claim on planning {@code key}: at once when no other statement plans it; otherwise, after waiting for
     * the one that does, a claim that holds nothing (the caller looks for the plan again, and plans when none
     * was kept). Closing the claim releases the waiters.
     */
    Claim claim(PlanCache.Key key) {
        Planner mine = new Planner(Thread.currentThread(), new CountDownLatch(1));
        Planner other = planners.putIfAbsent(key, mine);
        if (other == null) {
            return () -> {
                planners.remove(key, mine);
                mine.done().countDown();
            };
        }
        // A text planned again within its own planning (were Calcite ever to) must not wait for itself.
        if (other.thread() == Thread.currentThread()) return () -> {};
        try {
            other.done().await(longestWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TroughQueryException("interrupted while another connection planned the same query", e);
        }
        return () -> {};
    }

    /** Statements planning now (for tests: none once they are done). */
    int size() {
        return planners.size();
    }

    /** A statement's claim on planning a key; closing it releases those who wait for that planning. */
    interface Claim extends AutoCloseable {
        @Override
        void close();
    }
}
