package trough.core.scan;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Work done by tasks on a pool and read by one thread: the tasks hand over what they produce (batches of
 * rows, open cursors) through a queue holding a few items at most, so memory stays bounded, and the reader
 * takes them as they arrive, no later than a deadline. A task waits while the queue is full; the end and
 * failures take no room, so whoever tells them (the reader itself, on {@link #sealed()}) never waits. The first failure, the deadline, an interrupt or a cancel stops every
 * task at its next hand-over, and the reader learns why. {@link SegmentScan}, {@link SortedSegmentScan} and
 * the cluster client's {@code RemoteRows} read their segments and workers with it.
 *
 * @param <T> what the tasks hand over
 * @param <X> how failures reach the reader
 */
public final class ParallelReader<T, X extends Exception> {
    /** The reader's own failures, told as the caller's exceptions. */
    public interface Failures<X extends Exception> {
        /** The deadline passed with tasks still running: say which. */
        X timedOut(long timeoutMillis);

        X interrupted(InterruptedException cause);

        /**
         * The {@code task} (as {@link #submit} named it) threw what it does not handle itself: a bug, an unusable
         * address, an Error. Told to the reader as a failure, because a task that merely ended would end the
         * reading short without a word.
         */
        X unexpected(String task, Throwable cause);
    }

    private record Item<T>(T value) {}

    private record Failure(String othersStop, Exception error) {}

    private static final Object END = new Object();
    private static final String ANOTHER_TASK_FAILED = "another task failed";

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    /** Room for items in the queue; the reader gives an item's room back when it takes it. */
    private final Semaphore room;
    private final Failures<X> failures;
    private final Consumer<String> onCancel;
    /** 1 until {@link #sealed()}, so that the end is not seen while tasks are still being submitted. */
    private final AtomicInteger active = new AtomicInteger(1);
    private final ScanStop stop = new ScanStop();
    private boolean finished;

    /**
     * @param buffered items held between the tasks and the reader; a task handing over more waits for the reader
     * @param onCancel stops the work in progress (interrupts SQLite, cancels a worker's query) when the reading is
     *                 cancelled, whoever cancels it; called with the first reason, again on each later cancel
     */
    public ParallelReader(int buffered, Failures<X> failures, Consumer<String> onCancel) {
        this.room = new Semaphore(Math.max(1, buffered));
        this.failures = failures;
        this.onCancel = onCancel;
    }

    /**
     * The reading must end within {@code timeoutMillis} from now; called once, before any task is submitted. A
     * cancel may come before it (a request cancelled while it waits its turn): the tasks then stop at once.
     */
    public void start(long timeoutMillis) {
        stop.start(timeoutMillis);
    }

    /**
     * Runs {@code work} on {@code pool}; the reading ends once it and every other task have returned. A task that
     * throws fails the reading (through {@link Failures#unexpected}, naming it as {@code task} says) and stops the
     * others.
     */
    public void submit(Executor pool, String task, Runnable work) {
        active.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    work.run();
                } catch (Throwable e) {
                    queue.add(new Failure(ANOTHER_TASK_FAILED, unexpected(task, e)));
                    if (e instanceof Error error) throw error;
                } finally {
                    ended();
                }
            });
        } catch (RuntimeException e) {
            ended();
            throw e;
        }
    }

    /** Every task has been submitted (tasks may still submit more, before they return). */
    public void sealed() {
        ended();
    }

    /** Called by a task: hands {@code item} to the reader, waiting for room; false when the reading was cancelled meanwhile. */
    public boolean hand(T item) {
        try {
            while (!room.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                if (stop.cancelReason() != null) return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        queue.add(new Item<>(item));
        return true;
    }

    /**
     * Called by a task: the reading fails with {@code error}, and the other tasks stop for {@code othersStop}.
     * Only the first failure the reader takes is thrown.
     */
    public void fail(String othersStop, X error) {
        queue.add(new Failure(othersStop, error));
    }

    /** The next item handed over, or null once every task has returned. */
    @SuppressWarnings("unchecked")
    public T take() throws X {
        if (finished) return null;
        Object event;
        try {
            event = queue.poll(stop.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = true;
            cancel("interrupted");
            throw failures.interrupted(e);
        }
        if (event == null) throw timedOut();
        if (event instanceof Failure failure) {
            finished = true;
            cancel(failure.othersStop());
            throw (X) failure.error();
        }
        if (event == END) {
            finished = true;
            return null;
        }
        room.release();
        return ((Item<T>) event).value();
    }

    /** True once the reader took the end or a failure: nothing is left to stop. */
    public boolean finished() {
        return finished;
    }

    /** Stops every task at its next hand-over, and the work in progress through {@code onCancel}. */
    public void cancel(String reason) {
        stop.cancel(reason);
        onCancel.accept(stop.cancelReason());
    }

    /** Why the reading was cancelled, or null while it was not. */
    public String cancelReason() {
        return stop.cancelReason();
    }

    /** The time left before the deadline, at least 1 ms (for a request that must carry a timeout). */
    public long remainingMillis() {
        return stop.remainingMillis();
    }

    /**
     * Fails as {@link #take()} does once the deadline has passed: for a reader that goes on reading what it took
     * (open cursors) after the tasks have ended.
     */
    public void checkDeadline() throws X {
        if (stop.pastDeadline()) throw timedOut();
    }

    private X timedOut() {
        finished = true;
        X timedOut = failures.timedOut(stop.timeoutMillis());
        cancel("timed out");
        return timedOut;
    }

    /** The failure to tell for a task that threw; should telling it fail too, the reading still fails. */
    private Exception unexpected(String task, Throwable cause) {
        try {
            return failures.unexpected(task, cause);
        } catch (Throwable told) {
            IllegalStateException failure = new IllegalStateException(task + " failed (" + cause + "), and so did telling it: " + told, cause);
            failure.addSuppressed(told);
            return failure;
        }
    }

    private void ended() {
        if (active.decrementAndGet() == 0) queue.add(END);
    }
}
