package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Assignment;
import trough.core.registry.Registry;
import trough.sync.agent.AgentSettings;
import trough.sync.master.MasterSettings;
import trough.sync.master.SyncMaster;
import trough.registry.embedded.EmbeddedRegistry;

/** Real workers and a sync master in one JVM: how many replicas move when the cluster changes. */
class PlacementMovementTest {
    private static final int SEGMENTS = 60;

    @TempDir
    Path dir;

    private TestWorker worker(String id) {
        return TestWorker.start(dir.resolve(id), dir.resolve("registry"), config -> config.withStorage(dir.resolve("durable").toUri())
                .withAgent(new AgentSettings(Duration.ofMillis(200), 4, 2, 3, true))
                .withMembership(config.membership().withWorkerId(id).withTimings(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30))));
    }

    @Test
    void aFourthWorkerTakesAboutAQuarterOfTheReplicasAndABriefSilenceMovesNothing() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        List<TestWorker> workers = new ArrayList<>();
        try (Registry registry = EmbeddedRegistry.open(dir.resolve("registry"));
             SyncMaster master = new SyncMaster(registry, new MasterSettings("sync", Duration.ofSeconds(2), Duration.ofMillis(200), 2, Duration.ofSeconds(5)))) {
            for (String id : List.of("w1", "w2", "w3")) workers.add(worker(id));
            TestWorker w1 = workers.get(0);
            String[] ids = new String[SEGMENTS];
            for (int i = 0; i < SEGMENTS; i++) ids[i] = String.format("seg-%03d", i);
            w1.segments("s", "CREATE TABLE t (x INTEGER)", ids);
            for (String id : ids) assertEquals(200, w1.post("/v1/segments/" + id + "/promote", "", "application/json").status());
            master.start(scheduler);
            await("every segment on two workers", () -> assignments(registry).size() == 2 * SEGMENTS);
            Set<Assignment> before = assignments(registry);

            // w3 stops and comes back within the grace period: nothing moves.
            workers.remove(2).close();
            Thread.sleep(1500); // past its heartbeat TTL, within the 5 s grace
            workers.add(worker("w3"));
            Thread.sleep(600); // a few master rounds
            assertEquals(before, assignments(registry), "a worker silent for less than the grace period loses nothing");

            workers.add(worker("w4"));
            await("w4 to receive its share", () -> !registry.placements().assignmentsOf("w4").isEmpty() && assignments(registry).size() == 2 * SEGMENTS
                    && assignments(registry).stream().filter(a -> a.worker().equals("w4")).count() == registry.placements().assignmentsOf("w4").size());
            Thread.sleep(600);
            Set<Assignment> after = assignments(registry);
            Set<Assignment> added = new HashSet<>(after);
            added.removeAll(before);
            double share = (double) added.size() / after.size();
            System.out.printf("a 4th worker: %d of %d replicas moved (%.0f%%, ideal 25%%)%n", added.size(), after.size(), 100 * share);
            assertTrue(added.stream().allMatch(a -> a.worker().equals("w4")), "replicas moved only onto the new worker: " + added);
            assertTrue(share > 0.12 && share < 0.38, "moved share " + share);
            await("w4 to serve what it was given", () -> registry.placements().replicasOf("w4").size() == added.size());
        } finally {
            scheduler.shutdownNow();
            workers.forEach(TestWorker::close);
        }
    }

    private static Set<Assignment> assignments(Registry registry) {
        Set<Assignment> all = new HashSet<>();
        for (String worker : List.of("w1", "w2", "w3", "w4")) all.addAll(registry.placements().assignmentsOf(worker));
        return all;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited a minute for " + what);
            Thread.sleep(100);
        }
    }
}
