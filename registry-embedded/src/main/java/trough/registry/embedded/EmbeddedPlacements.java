package trough.registry.embedded;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.Page;
import trough.core.registry.Placements;
import trough.core.registry.PlacementRound;
import trough.core.registry.Replica;
import trough.core.registry.Watch;
import trough.core.segment.SegmentId;

/** Assignments and replicas in the embedded registry: one row per segment and worker in each table. */
final class EmbeddedPlacements implements Placements {
    private final RegistryDatabase database;
    private final Supplier<Instant> clock;
    private final EmbeddedLeases leases;
    private final ChangeLog changes;

    EmbeddedPlacements(RegistryDatabase database, Supplier<Instant> clock, EmbeddedLeases leases, ChangeLog changes) {
        this.database = database;
        this.clock = clock;
        this.leases = leases;
        this.changes = changes;
    }

    @Override
    public boolean assign(Lease leadership, Collection<Assignment> added, Collection<Assignment> removed) {
        return database.transaction(() -> {
            if (!leases.isCurrent(leadership, clock.get())) return false;
            for (Assignment assignment : removed) {
                database.update("DELETE FROM assignments WHERE segment = ? AND worker = ?", List.of(assignment.segment().value(), assignment.worker()));
            }
            for (Assignment assignment : added) {
                database.update("INSERT OR IGNORE INTO assignments (segment, worker) VALUES (?, ?)", List.of(assignment.segment().value(), assignment.worker()));
            }
            if (!added.isEmpty() || !removed.isEmpty()) database.assignmentsChanged();
            return true;
        });
    }

    @Override
    public List<Assignment> assignmentsOf(String worker) {
        return database.query("SELECT segment, worker FROM assignments WHERE worker = ? ORDER BY segment", List.of(worker), EmbeddedPlacements::toAssignment);
    }

    @Override
    public Watch watchAssignments(String worker, Runnable listener) {
        return new PolledWatch("assignments of " + worker, database::assignmentChanges, listener);
    }

    @Override
    public Map<SegmentId, List<Assignment>> assignmentsOf(Collection<SegmentId> segments) {
        return bySegment(segments, "SELECT segment, worker FROM assignments WHERE segment IN (%s) ORDER BY segment, worker",
                EmbeddedPlacements::toAssignment, Assignment::segment);
    }

    @Override
    public Page<Assignment> assignments(String after, int limit) {
        return page("SELECT segment, worker FROM assignments", after, limit, EmbeddedPlacements::toAssignment,
                assignment -> cursor(assignment.segment(), assignment.worker()));
    }

    @Override
    public Page<Replica> replicas(String after, int limit) {
        return page("SELECT segment, worker, generation FROM replicas", after, limit, EmbeddedPlacements::toReplica,
                replica -> cursor(replica.segment(), replica.worker()));
    }

    /** A page in primary key order, (segment, worker); the cursor is {@code segment/worker} (a segment id holds no '/'). */
    private <T> Page<T> page(String select, String after, int limit, RegistryDatabase.RowMapper<T> mapper, Function<T, String> cursorOf) {
        if (limit < 1) throw new IllegalArgumentException("a page holds at least one row, not " + limit);
        List<T> rows;
        if (after == null) {
            rows = database.query(select + " ORDER BY segment, worker LIMIT ?", List.of(limit + 1), mapper);
        } else {
            int slash = after.indexOf('/');
            if (slash < 0) throw new IllegalArgumentException("not a cursor of this registry: " + after);
            rows = database.query(select + " WHERE (segment, worker) > (?, ?) ORDER BY segment, worker LIMIT ?",
                    List.of(after.substring(0, slash), after.substring(slash + 1), limit + 1), mapper);
        }
        if (rows.size() <= limit) return new Page<>(rows, null);
        List<T> page = rows.subList(0, limit);
        return new Page<>(page, cursorOf.apply(page.get(limit - 1)));
    }

    private static String cursor(SegmentId segment, String worker) {
        return segment.value() + "/" + worker;
    }

    @Override
    public void reportReplica(Replica replica) {
        database.transaction(() -> {
            database.update("INSERT OR REPLACE INTO replicas (segment, worker, generation) VALUES (?, ?, ?)",
                    List.of(replica.segment().value(), replica.worker(), replica.generation()));
            database.changed();
            changes.append(replica.segment().value(), replica.worker());
            return null;
        });
    }

    @Override
    public boolean dropReplica(SegmentId segment, String worker) {
        return database.transaction(() -> {
            boolean dropped = database.update("DELETE FROM replicas WHERE segment = ? AND worker = ?", List.of(segment.value(), worker)) > 0;
            if (dropped) {
                database.changed();
                changes.append(segment.value(), worker);
            }
            return dropped;
        });
    }

    @Override
    public List<Replica> replicasOf(String worker) {
        return database.query("SELECT segment, worker, generation FROM replicas WHERE worker = ? ORDER BY segment", List.of(worker),
                EmbeddedPlacements::toReplica);
    }

    @Override
    public Map<SegmentId, List<Replica>> replicasOf(Collection<SegmentId> segments) {
        return bySegment(segments, "SELECT segment, worker, generation FROM replicas WHERE segment IN (%s) ORDER BY segment, worker",
                EmbeddedPlacements::toReplica, Replica::segment);
    }

    private <T> Map<SegmentId, List<T>> bySegment(Collection<SegmentId> segments, String sql, RegistryDatabase.RowMapper<T> mapper,
                                                 Function<T, SegmentId> segmentOf) {
        Map<SegmentId, List<T>> result = new LinkedHashMap<>();
        for (T row : database.queryIn(sql, segments.stream().map(SegmentId::value).toList(), mapper)) {
            result.computeIfAbsent(segmentOf.apply(row), key -> new ArrayList<>()).add(row);
        }
        return result;
    }

    private static Assignment toAssignment(ResultSet rows) throws SQLException {
        return new Assignment(SegmentId.of(rows.getString("segment")), rows.getString("worker"));
    }

    private static Replica toReplica(ResultSet rows) throws SQLException {
        return new Replica(SegmentId.of(rows.getString("segment")), rows.getString("worker"), rows.getLong("generation"));
    }

    /** The report is one row of {@code meta}, beside the change counters it leaves alone. */
    @Override
    public boolean reportRound(Lease leadership, PlacementRound round) {
        String json = round.toJson(); // before the transaction: other processes wait for its lock
        return database.transaction(() -> {
            if (!leases.isCurrent(leadership, clock.get())) return false;
            database.update("INSERT INTO meta (key, value) VALUES ('placement_round', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    List.of(json));
            return true;
        });
    }

    @Override
    public Optional<PlacementRound> lastRound() {
        return database.query("SELECT value FROM meta WHERE key = 'placement_round'", List.of(), rows -> rows.getString(1)).stream()
                .findFirst().map(PlacementRound::fromJson);
    }
}
