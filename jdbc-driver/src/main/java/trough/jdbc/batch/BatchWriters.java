package trough.jdbc.batch;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that write a batch's segments beside the application's thread: daemon threads, made as batches
 * need them and gone after a minute idle, so a driver that is only read through keeps none.
 */
final class BatchWriters {
    private static final AtomicInteger THREADS = new AtomicInteger();

    static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "trough-batch-writer-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private BatchWriters() {}

    /** Waits for a writing task; its failures are already recorded by the task itself, so only an unexpected one is thrown. */
    static void await(Future<?> task) {
        try {
            task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a batch's segments were written; the update counts say which rows were", e);
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause.getMessage(), cause);
        }
    }
}
