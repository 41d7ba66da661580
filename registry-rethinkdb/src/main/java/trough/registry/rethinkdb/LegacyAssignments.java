package trough.registry.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.gen.ast.Db;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.RegistryException;

/**
 * Moves the assignments of a registry made before, one document per segment and worker in table
 * {@value #TABLE}, into one document per segment ({@link SegmentAssignments}), then drops the old table.
 *
 * <p>One node moves them, holding a lease; every other node opening the registry meanwhile waits until the old
 * table is gone, so no master places anything while they move (a master's removal could otherwise be undone by a
 * page written after it). A mover that dies leaves its lease to lapse, and another node moves them again from the
 * start: the documents are written at epoch 0 and merge with what was written before. Nodes of an older version
 * must be stopped first: they would go on writing the old table.
 */
final class LegacyAssignments {
    static final String TABLE = "assignments";
    static final String LEASE = "migrate:assignments";

    private static final RethinkDB r = RethinkDB.r;
    private static final Logger LOG = LoggerFactory.getLogger(LegacyAssignments.class);
    private static final int PAGE = 10_000;
    /** Renewed at each page, which takes well under a second: long enough for a pause, short for a dead mover. */
    private static final Duration TTL = Duration.ofSeconds(30);

    private final RethinkSession session;
    private final Db db;
    private final RethinkTables tables;
    private final RethinkLeases leases;
    private final String holder = "registry-open-" + UUID.randomUUID();

    private LegacyAssignments(RethinkSession session, Db db, RethinkTables tables) {
        this.session = session;
        this.db = db;
        this.tables = tables;
        this.leases = new RethinkLeases(session, tables);
    }

    /** Returns once the registry has no old assignments table, having moved it or waited for another node to. */
    static void migrate(RethinkSession session, Db db, RethinkTables tables) {
        new LegacyAssignments(session, db, tables).untilMoved();
    }

    private void untilMoved() {
        boolean toldWaiting = false;
        while (oldTableExists()) {
            Optional<Lease> lease = leases.acquire(LEASE, holder, TTL);
            if (lease.isPresent()) {
                move(lease.get());
                continue;
            }
            if (!toldWaiting) {
                LOG.info("RethinkDB registry {}: waiting for {} to move the old assignments", session.location(),
                        leases.current(LEASE).map(Lease::holder).orElse("another node"));
                toldWaiting = true;
            }
            pause();
        }
    }

    private void move(Lease lease) {
        LOG.info("RethinkDB registry {}: moving the assignments of table {} to one document per segment in {}", session.location(), TABLE,
                RethinkTables.ASSIGNMENTS);
        long moved = 0;
        String after = null;
        do {
            String from = after;
            List<Document> page = Document.all(session.rows("reading old assignments after " + from, () -> db.table(TABLE)
                    .between(from == null ? r.minval() : from, r.maxval()).optArg("left_bound", "open")
                    .orderBy().optArg("index", "id").limit(PAGE).pluck("id")));
            List<Assignment> assignments = page.stream().map(document -> SegmentWorkerKey.parse(document.text("id"))).toList();
            Map<String, List<String>> bySegment = SegmentAssignments.bySegment(assignments);
            if (!bySegment.isEmpty()) session.run("writing moved assignments", () -> SegmentAssignments.add(tables.assignments(), bySegment, 0, "hard"));
            moved += page.size();
            after = page.size() < PAGE ? null : page.get(page.size() - 1).text("id");
            if (after != null && leases.renew(lease, TTL).isEmpty()) {
                LOG.warn("RethinkDB registry {}: lost the lease to move the assignments after {} of them; another node moves them", session.location(), moved);
                return;
            }
        } while (after != null);
        session.run("dropping table " + TABLE, () -> r.branch(db.tableList().contains(TABLE), db.tableDrop(TABLE), r.hashMap()));
        leases.release(lease);
        LOG.info("RethinkDB registry {}: moved {} assignment(s) to {} and dropped table {}", session.location(), moved, RethinkTables.ASSIGNMENTS, TABLE);
    }

    private boolean oldTableExists() {
        return Boolean.TRUE.equals(session.run("looking for old assignments", () -> db.tableList().contains(TABLE)));
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while waiting for the old assignments to be moved", e);
        }
    }
}
