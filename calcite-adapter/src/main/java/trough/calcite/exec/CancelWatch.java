package trough.calcite.exec;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns Statement.cancel(), which only sets a flag, into a cancel of whatever rows the query is reading at
 * that moment: the segments' partial rows while a merge loads them, then the merged rows. It watches from
 * before the first request is sent, so no phase of the query escapes it.
 */
final class CancelWatch implements AutoCloseable {
    private final AtomicReference<RowSource> current = new AtomicReference<>();
    private final ScheduledFuture<?> task;

    private CancelWatch(AtomicBoolean flag, ScheduledExecutorService watchdog) {
        this.task = flag == null ? null : watchdog.scheduleWithFixedDelay(() -> {
            RowSource rows = current.get();
            if (flag.get() && rows != null) rows.cancel("cancelled by Statement.cancel()");
        }, 50, 50, TimeUnit.MILLISECONDS);
    }

    static CancelWatch start(AtomicBoolean flag, ScheduledExecutorService watchdog) {
        return new CancelWatch(flag, watchdog);
    }

    /** From now on a cancel stops {@code rows}. */
    <T extends RowSource> T watch(T rows) {
        current.set(rows);
        return rows;
    }

    @Override
    public void close() {
        if (task != null) task.cancel(false);
    }
}
