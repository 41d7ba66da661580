package trough.worker.admission;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import trough.worker.WorkerError;

/**
 * Lets a bounded number of queries and writes run at once, with a bounded queue behind them; past that a
 * request is answered 503 with Retry-After at once, instead of piling up threads and memory until the worker
 * falls over. Clients (the JDBC driver) retry such answers with backoff.
 */
public final class RequestGate {
    /** Seconds a refused client is told to wait: the header has no finer unit; the driver backs off by less at first. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final AdmissionSettings settings;
    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    public RequestGate(AdmissionSettings settings) {
        this.settings = settings;
        this.running = new Semaphore(settings.maxRunning(), true);
    }

    /** The handler, run only once it has a turn. */
    public Handler guard(Handler handler) {
        return ctx -> {
            enter(ctx);
            try {
                handler.handle(ctx);
            } finally {
                running.release();
            }
        };
    }

    public int runningCount() {
        return settings.maxRunning() - running.availablePermits();
    }

    public int waitingCount() {
        return waiting.get();
    }

    /** Requests answered 503 since start. */
    public int refusedCount() {
        return refused.get();
    }

    private void enter(Context ctx) throws InterruptedException {
        if (running.tryAcquire()) return;
        if (waiting.incrementAndGet() > settings.queueLength()) {
            waiting.decrementAndGet();
            throw busy(ctx, "its queue is full (" + settings.queueLength() + " waiting)");
        }
        try {
            if (!running.tryAcquire(settings.queueWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy(ctx, "no turn came within " + settings.queueWait().toMillis() + " ms");
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    private WorkerError busy(Context ctx, String why) {
        refused.incrementAndGet();
        ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        return new WorkerError(503, "busy", null, "the worker is busy: " + settings.maxRunning() + " requests are running and " + why
                + "; try again after " + RETRY_AFTER_SECONDS + " s (the JDBC driver does so by itself)");
    }
}
