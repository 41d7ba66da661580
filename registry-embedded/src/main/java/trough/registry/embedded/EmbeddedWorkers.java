package trough.registry.embedded;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import trough.core.registry.WorkerRecord;
import trough.core.registry.Tier;
import trough.core.registry.Workers;

/** Workers in the embedded registry: one row per worker, replaced by each heartbeat. */
final class EmbeddedWorkers implements Workers {
    private static final String COLUMNS = "id, url, capacity_bytes, used_bytes, tier, load, heartbeat_at, ttl_millis";

    private final RegistryDatabase database;
    private final Supplier<Instant> clock;

    EmbeddedWorkers(RegistryDatabase database, Supplier<Instant> clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public WorkerRecord heartbeat(WorkerRecord report) {
        WorkerRecord stamped = new WorkerRecord(report.id(), report.url(), report.capacityBytes(), report.usedBytes(), report.tier(),
                report.load(), clock.get(), report.ttl());
        database.update("INSERT OR REPLACE INTO workers (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                List.of(stamped.id(), stamped.url(), stamped.capacityBytes(), stamped.usedBytes(), stamped.tier().name(), stamped.load(),
                        stamped.heartbeatAt().toEpochMilli(), stamped.ttl().toMillis()));
        return stamped;
    }

    @Override
    public Optional<WorkerRecord> worker(String id) {
        return database.query("SELECT " + COLUMNS + " FROM workers WHERE id = ?", List.of(id), EmbeddedWorkers::toWorker).stream().findFirst();
    }

    @Override
    public List<WorkerRecord> all() {
        return database.query("SELECT " + COLUMNS + " FROM workers ORDER BY id", List.of(), EmbeddedWorkers::toWorker);
    }

    @Override
    public boolean remove(String id) {
        return database.update("DELETE FROM workers WHERE id = ?", List.of(id)) > 0;
    }

    private static WorkerRecord toWorker(ResultSet rows) throws SQLException {
        return new WorkerRecord(rows.getString("id"), rows.getString("url"), rows.getLong("capacity_bytes"), rows.getLong("used_bytes"),
                Tier.valueOf(rows.getString("tier")), rows.getDouble("load"), Instant.ofEpochMilli(rows.getLong("heartbeat_at")),
                Duration.ofMillis(rows.getLong("ttl_millis")));
    }
}
