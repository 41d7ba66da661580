package trough.calcite.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import trough.core.client.TroughQueryException;

/** Who plans a text when several statements prepare it at once, and when the others go on. */
class PlanningInProgressTest {
    private static final PlanCache.Key COUNT = key("SELECT count(*) FROM t");
    private final PlanningInProgress planning = new PlanningInProgress();

    @Test
    void aSecondClaimOfTheSameTextWaitsUntilTheFirstIsClosed() throws Exception {
        PlanningInProgress.Claim first = planning.claim(COUNT);
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> planning.claim(COUNT).close());
        Thread.sleep(300);
        assertFalse(second.isDone(), "the second statement waits while the first plans");
        first.close();
        second.get(5, TimeUnit.SECONDS);
        assertEquals(0, planning.size(), "nothing is left once both are done");
    }

    @Test
    void aPlanningThatFailsStillReleasesItsWaiters() throws Exception {
        AtomicReference<CompletableFuture<Void>> waiter = new AtomicReference<>();
        assertThrows(IllegalStateException.class, () -> {
            try (PlanningInProgress.Claim ignored = planning.claim(COUNT)) {
                waiter.set(CompletableFuture.runAsync(() -> planning.claim(COUNT).close()));
                Thread.sleep(100);
                throw new IllegalStateException("Calcite could not plan it");
            }
        });
        waiter.get().get(5, TimeUnit.SECONDS);
        assertEquals(0, planning.size());
    }

    @Test
    void otherTextsAndTheSameThreadNeverWait() throws Exception {
        try (PlanningInProgress.Claim ignored = planning.claim(COUNT)) {
            CompletableFuture.runAsync(() -> planning.claim(key("SELECT 1")).close()).get(5, TimeUnit.SECONDS);
            planning.claim(COUNT).close(); // a text planned again within its own planning
            assertEquals(1, planning.size(), "the inner claim left the outer one in place");
        }
        assertEquals(0, planning.size());
    }

    @Test
    void anInterruptedWaiterFailsSayingSoAndKeepsItsInterrupt() throws Exception {
        try (PlanningInProgress.Claim ignored = planning.claim(COUNT)) {
            CompletableFuture<String> waiter = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    planning.claim(COUNT).close();
                    waiter.complete("not interrupted");
                } catch (TroughQueryException e) {
                    waiter.complete(e.getMessage() + "; interrupted: " + Thread.currentThread().isInterrupted());
                }
            });
            thread.start();
            Thread.sleep(100);
            thread.interrupt();
            assertEquals("interrupted while another connection planned the same query; interrupted: true", waiter.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aWaiterGoesOnAloneWhenThePlanningTakesLongerThanTheLongestWait() throws Exception {
        PlanningInProgress shortWaits = new PlanningInProgress(Duration.ofMillis(200));
        try (PlanningInProgress.Claim ignored = shortWaits.claim(COUNT)) {
            CompletableFuture.runAsync(() -> shortWaits.claim(COUNT).close()).get(5, TimeUnit.SECONDS);
            assertEquals(1, shortWaits.size(), "the stuck planning keeps its claim");
        }
    }

    private static PlanCache.Key key(String sql) {
        return new PlanCache.Key(sql, List.of("s"), Object[].class, -1, List.of("s", 1L));
    }
}
