package trough.registry.rethinkdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.model.MapObject;
import com.rethinkdb.net.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Page;
import trough.core.registry.Registry;
import trough.core.registry.RegistryBackends;
import trough.core.segment.SegmentId;

/**
 * A registry made before, with a document per assignment, is moved to a document per segment when a node opens
 * it. 7,000 segments of three workers make pages of 10,000 documents end inside a segment.
 */
@ExtendWith(RethinkTestServer.class)
class LegacyAssignmentsTest {
    private static final RethinkDB r = RethinkDB.r;
    private static final String DATABASE = "trough_legacy_" + ProcessHandle.current().pid();

    @Test
    void theOldAssignmentsAreMovedWholeAndTheOldTableDropped() {
        String database = DATABASE + "_whole";
        Set<Assignment> expected = oldAssignments(database, 7_000);
        String worker = "http://10.0.0.4:8080";
        Set<Assignment> left = new HashSet<>(expected);
        left.removeIf(a -> a.worker().equals(worker));
        try (Registry registry = RegistryBackends.open(RethinkTestServer.url(database))) {
            assertEquals(expected, everyAssignment(registry));
            assertFalse(tables(database).contains(LegacyAssignments.TABLE), "the old table is dropped");
            List<Assignment> ofWorker = registry.placements().assignmentsOf(worker);
            assertEquals(expected.stream().filter(a -> a.worker().equals(worker)).sorted(Comparator.comparing(a -> a.segment().value())).toList(),
                    ofWorker);
            // Moved at epoch 0: the first leader changes them as it would its own.
            Lease leader = registry.leases().acquire(LeaseName.LEADER, "sync-a", Duration.ofSeconds(30)).orElseThrow();
            assertTrue(registry.placements().assign(leader, List.of(), ofWorker));
            assertEquals(List.of(), registry.placements().assignmentsOf(worker));
        }
        // Opening it again finds nothing to move.
        try (Registry again = RegistryBackends.open(RethinkTestServer.url(database))) {
            assertEquals(left, everyAssignment(again), "only the removed worker's went");
        }
    }

    @Test
    void aNodeOpeningTheRegistryWaitsForTheMoverAndTakesOverFromOneThatDied() throws Exception {
        String database = DATABASE + "_takeover";
        try (Registry made = RegistryBackends.open(RethinkTestServer.url(database))) {
            // A mover that took the lease and died: its lease lapses after 2 s.
            assertTrue(made.leases().acquire(LegacyAssignments.LEASE, "dead-node", Duration.ofSeconds(2)).isPresent());
        }
        Set<Assignment> expected = oldAssignments(database, 500);
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        try {
            List<Future<Set<Assignment>>> opened = new ArrayList<>();
            for (int node = 0; node < 2; node++) {
                opened.add(nodes.submit(() -> {
                    try (Registry registry = RegistryBackends.open(RethinkTestServer.url(database))) {
                        return everyAssignment(registry);
                    }
                }));
            }
            for (Future<Set<Assignment>> node : opened) {
                assertEquals(expected, node.get(60, TimeUnit.SECONDS), "each node opens the registry once everything is moved");
            }
        } finally {
            nodes.shutdownNow();
        }
        assertFalse(tables(database).contains(LegacyAssignments.TABLE));
    }

    /** A table of the old kind, a document per assignment, three workers a segment. */
    private static Set<Assignment> oldAssignments(String database, int segments) {
        Set<Assignment> expected = new HashSet<>();
        try (Connection connection = connect()) {
            r.branch(r.dbList().contains(database), r.hashMap(), r.dbCreate(database)).run(connection);
            r.db(database).tableCreate(LegacyAssignments.TABLE).run(connection);
            List<MapObject<Object, Object>> documents = new ArrayList<>();
            for (int i = 0; i < segments; i++) {
                String segment = String.format("seg-%05d", i);
                for (int w = 0; w < 3; w++) {
                    String worker = "http://10.0.0." + ((i + w) % 9) + ":8080";
                    expected.add(new Assignment(SegmentId.of(segment), worker));
                    documents.add(r.hashMap("id", segment + "/" + worker).with("segment", segment).with("worker", worker).with("epoch", 3));
                }
                if (documents.size() >= 3_000 || i == segments - 1) {
                    r.db(database).table(LegacyAssignments.TABLE).insert(documents).run(connection);
                    documents.clear();
                }
            }
        }
        return expected;
    }

    private static List<?> tables(String database) {
        try (Connection connection = connect()) {
            return r.db(database).tableList().run(connection, List.class).single();
        }
    }

    private static Set<Assignment> everyAssignment(Registry registry) {
        return new HashSet<>(Page.all(after -> registry.placements().assignments(after, 4_000)));
    }

    @AfterAll
    static void dropDatabases() {
        if (RethinkTestServer.address().isEmpty()) return;
        try (Connection connection = connect()) {
            for (String database : List.of(DATABASE + "_whole", DATABASE + "_takeover")) {
                r.branch(r.dbList().contains(database), r.dbDrop(database), null).run(connection);
            }
        }
    }

    private static Connection connect() {
        RethinkLocation.Host host = RethinkTestServer.location(DATABASE).hosts().get(0);
        return r.connection().hostname(host.name()).port(host.port()).connect();
    }
}
