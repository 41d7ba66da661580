package trough.calcite.exec;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import trough.core.client.RowSource;

/**
 * Turns Statement.cancel(), which only sets a flag, and the query's timeout into a cancel of whatever rows
 * the query is reading at that moment: the segments' rows while the client's SQLite loads them, then the
 * rows it answers. It watches from before the first request is sent, so no phase of the query escapes it,
 * including the work SQLite does on the client.
 */
public final class CancelWatch implements AutoCloseable {
    static final String CANCELLED = "cancelled by Statement.cancel()";

    private final AtomicReference<RowSource> current = new AtomicReference<>();
    private final ScheduledFuture<?> task;
    private final long deadlineNanos;
    private final boolean timed;

    private CancelWatch(AtomicBoolean flag, long timeoutMillis, ScheduledExecutorService watchdog) {
        this.timed = timeoutMillis > 0;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        this.task = watchdog.scheduleWithFixedDelay(() -> {
            RowSource rows = current.get();
            if (rows == null) return;
            if (flag != null && flag.get()) rows.cancel(CANCELLED);
            else if (timed && System.nanoTime() - deadlineNanos > 0) rows.cancel("timed out after " + timeoutMillis + " ms (Statement.setQueryTimeout or the queryTimeout property)");
        }, 50, 50, TimeUnit.MILLISECONDS);
    }

    /** Watches the cancel flag (which may be null) and a timeout counted from now. */
    public static CancelWatch start(AtomicBoolean flag, long timeoutMillis, ScheduledExecutorService watchdog) {
        return new CancelWatch(flag, timeoutMillis, watchdog);
    }

    /** What is left of the timeout, at least 1 ms: the budget of the next phase (0 when there is no timeout). */
    public long remainingMillis() {
        return timed ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())) : 0;
    }

    /** From now on a cancel stops {@code rows}. */
    public <T extends RowSource> T watch(T rows) {
        current.set(rows);
        return rows;
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}
