package trough.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A hang here is a failure: the reader and its tasks wait for each other only as far as a deadline allows. */
@Timeout(30)
class ParallelReaderTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<String> cancels = new ArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private ParallelReader<Integer, IllegalStateException> reader(int buffered, long timeoutMillis) {
        ParallelReader<Integer, IllegalStateException> reader = new ParallelReader<>(buffered, new ParallelReader.Failures<>() {
            @Override
            public IllegalStateException timedOut(long millis) {
                return new IllegalStateException("timed out after " + millis + " ms");
            }

            @Override
            public IllegalStateException interrupted(InterruptedException cause) {
                return new IllegalStateException("interrupted", cause);
            }

            @Override
            public IllegalStateException unexpected(String task, Throwable cause) {
                return new IllegalStateException(task + " failed: " + cause, cause);
            }
        }, reason -> {
            synchronized (cancels) {
                cancels.add(reason);
            }
        });
        reader.start(timeoutMillis);
        return reader;
    }

    @Test
    void theReaderSealingAFullQueueDoesNotWaitForItself() {
        // Tasks run on the reader's own thread and fill the queue before it seals: the end must still get in.
        ParallelReader<Integer, IllegalStateException> reader = reader(2, 5_000);
        reader.submit(Runnable::run, "a task", () -> reader.hand(1));
        reader.submit(Runnable::run, "a task", () -> reader.hand(2));
        reader.sealed();
        assertEquals(1, reader.take());
        assertEquals(2, reader.take());
        assertNull(reader.take());
        assertTrue(reader.finished());
        assertEquals(List.of(), cancels, "nothing to stop at the end");
    }

    @Test
    void everyItemOfEveryTaskArrivesThoughTheQueueHoldsOne() {
        ParallelReader<Integer, IllegalStateException> reader = reader(1, 10_000);
        for (int task = 0; task < 4; task++) {
            int first = task * 100;
            reader.submit(pool, "a task", () -> {
                for (int i = 0; i < 100; i++) assertTrue(reader.hand(first + i));
            });
        }
        reader.sealed();
        List<Integer> seen = new ArrayList<>();
        for (Integer item = reader.take(); item != null; item = reader.take()) seen.add(item);
        assertEquals(400, seen.size());
        assertEquals(400, seen.stream().distinct().count());
    }

    @Test
    void theFirstFailureReachesTheReaderAndStopsTheOthers() throws Exception {
        ParallelReader<Integer, IllegalStateException> reader = reader(1, 10_000);
        CountDownLatch handedOne = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean handedAll = new AtomicBoolean(true);
        reader.submit(pool, "a task", () -> {
            reader.hand(1);
            handedOne.countDown();
            // The queue holds one item: these wait for the reader, and give up once the reading is cancelled.
            handedAll.set(reader.hand(2) && reader.hand(3));
            stopped.countDown();
        });
        assertTrue(handedOne.await(5, TimeUnit.SECONDS));
        IllegalStateException failure = new IllegalStateException("segment s2: no such table");
        reader.submit(Runnable::run, "a task", () -> reader.fail("segment s2 failed", failure));
        reader.sealed();
        assertEquals(1, reader.take(), "what came before the failure is read");
        assertSame(failure, assertThrows(IllegalStateException.class, reader::take));
        assertEquals("segment s2 failed", reader.cancelReason());
        assertEquals(List.of("segment s2 failed"), cancels);
        assertTrue(stopped.await(5, TimeUnit.SECONDS));
        assertFalse(handedAll.get(), "a task stops handing over once the reading is cancelled");
        assertNull(reader.take(), "after a failure the reading is over");
    }

    @Test
    void aTaskThatThrowsFailsTheReadingInsteadOfEndingItShort() throws Exception {
        ParallelReader<Integer, IllegalStateException> reader = reader(1, 10_000);
        CountDownLatch handedOne = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        reader.submit(pool, "a task", () -> {
            reader.hand(1);
            handedOne.countDown();
            reader.hand(2);
            stopped.countDown();
        });
        assertTrue(handedOne.await(5, TimeUnit.SECONDS));
        IllegalArgumentException bug = new IllegalArgumentException("not a URL: worker-9");
        // Run here, so that the failure is queued before the reader takes anything.
        reader.submit(Runnable::run, "a task", () -> {
            throw bug;
        });
        reader.sealed();
        assertEquals(1, reader.take());
        IllegalStateException failure = assertThrows(IllegalStateException.class, reader::take);
        assertSame(bug, failure.getCause());
        assertEquals("a task failed: java.lang.IllegalArgumentException: not a URL: worker-9", failure.getMessage());
        assertEquals("another task failed", reader.cancelReason(), "the other tasks stop");
        assertTrue(stopped.await(5, TimeUnit.SECONDS));
    }

    @Test
    void anErrorInATaskFailsTheReadingAndStillReachesThePool() throws Exception {
        ParallelReader<Integer, IllegalStateException> reader = reader(1, 10_000);
        List<Throwable> reachedThePool = new ArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        StackOverflowError error = new StackOverflowError("too deep");
        reader.submit(task -> {
            try {
                task.run();
            } catch (Throwable t) {
                reachedThePool.add(t);
            }
            ran.countDown();
        }, "a task", () -> {
            throw error;
        });
        reader.sealed();
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        assertSame(error, assertThrows(IllegalStateException.class, reader::take).getCause());
        assertEquals(List.of(error), reachedThePool, "an Error is not swallowed");
    }

    @Test
    void theDeadlineStopsTheReadingAndSaysSo() {
        ParallelReader<Integer, IllegalStateException> reader = reader(4, 50);
        CountDownLatch release = new CountDownLatch(1);
        reader.submit(pool, "a task", () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.sealed();
        IllegalStateException timedOut = assertThrows(IllegalStateException.class, reader::take);
        assertEquals("timed out after 50 ms", timedOut.getMessage());
        assertEquals(List.of("timed out"), cancels);
        release.countDown();
    }

    @Test
    void aCancelBeforeTheStartStopsTasksAtTheirFirstHandOver() {
        ParallelReader<Integer, IllegalStateException> reader = new ParallelReader<>(1, null, reason -> cancels.add(reason));
        reader.cancel("cancelled by the client");
        reader.start(1_000);
        assertEquals("cancelled by the client", reader.cancelReason());
        assertTrue(reader.hand(1), "there is room: the item is dropped with the reading");
        assertFalse(reader.hand(2), "no room, and cancelled: the task gives up instead of waiting");
        assertEquals(List.of("cancelled by the client"), cancels);
    }
}
