package trough.core.scan;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A small bounded queue between producer threads and the one thread reading a result: a producer waits
 * while the reader is behind (so memory stays bounded) but gives up as soon as the work is cancelled, and
 * the reader waits no later than a deadline.
 */
public final class Handoff<E> {
    private final BlockingQueue<E> queue;
    private final BooleanSupplier cancelled;

    public Handoff(int capacity, BooleanSupplier cancelled) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.cancelled = cancelled;
    }

    /** Hands {@code item} over, waiting for room; false when the work was cancelled meanwhile. */
    public boolean offer(E item) {
        try {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The next item, or null when {@code deadlineNanos} (a {@link System#nanoTime()} instant) passed first. */
    public E poll(long deadlineNanos) throws InterruptedException {
        return queue.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
