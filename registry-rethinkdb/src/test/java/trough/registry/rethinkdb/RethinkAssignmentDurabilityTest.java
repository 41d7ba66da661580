package trough.registry.rethinkdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Page;
import trough.core.registry.Registry;
import trough.core.registry.RegistryBackends;
import trough.core.segment.SegmentId;

/**
 * A bulk assignment write is written with soft durability and flushed before it is answered: once the master is
 * told its assignments were written, a crash of the server (SIGKILL, the instant after) loses none of them. The
 * server starts writing a soft batch out at once, without waiting for it: with the flush left out, a kill the
 * instant after the answer lost 18 of these 200,000 assignments here (a kill keeps what reached the OS, so only
 * the writes still being flushed are lost: the bulk is large enough that some are).
 */
@ExtendWith(RethinkServerProcess.class)
class RethinkAssignmentDurabilityTest {
    /** Many batches: the bulk path (soft writes, one flush at the end), with flushes still under way when it ends. */
    private static final int BULK = 40 * RethinkPlacements.ASSIGN_BATCH;

    @Test
    void assignmentsAnsweredAsWrittenSurviveAServerKilledTheInstantAfter(@TempDir Path directory) throws Exception {
        List<Assignment> bulk = new ArrayList<>();
        for (int i = 0; i < BULK / 2; i++) {
            SegmentId segment = SegmentId.of(String.format("seg-%06d", i));
            bulk.add(new Assignment(segment, "w-" + (i % 7)));
            bulk.add(new Assignment(segment, "w-" + (i % 7 + 7)));
        }
        try (RethinkServerProcess server = RethinkServerProcess.start(directory)) {
            Registry registry = RegistryBackends.open(server.url("durability"));
            try {
                Lease leader = registry.leases().acquire(LeaseName.LEADER, "master-a", Duration.ofMinutes(5)).orElseThrow();
                assertTrue(registry.placements().assign(leader, bulk, List.of()), "the bulk write is answered as written");
                server.crash();
            } finally {
                closeQuietly(registry);
            }

            server.startAgain();
            try (Registry reopened = RegistryBackends.open(server.url("durability"))) {
                Set<Assignment> expected = new HashSet<>(bulk);
                Set<Assignment> found = new HashSet<>(Page.all(after -> reopened.placements().assignments(after, 10_000)));
                assertEquals(expected.size(), found.size(), "every assignment answered as written is there after the crash");
                assertEquals(expected, found);
            }
        }
    }

    /** The server is dead: closing the client only frees what it holds, and may fail saying the server is gone. */
    private static void closeQuietly(Registry registry) {
        try {
            registry.close();
        } catch (RuntimeException gone) {
            // nothing to flush: the registry's writes are the server's
        }
    }
}
