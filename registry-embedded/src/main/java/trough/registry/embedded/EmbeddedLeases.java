package trough.registry.embedded;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Leases;

/**
 * Leases in the embedded registry. A released lease keeps its row (holder null) so that its epoch is never
 * reused; each decision is one transaction holding SQLite's write lock.
 */
final class EmbeddedLeases implements Leases {
    private record Row(String holder, Instant expiresAt, long epoch) {}

    private final RegistryDatabase database;
    private final Supplier<Instant> clock;

    EmbeddedLeases(RegistryDatabase database, Supplier<Instant> clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Optional<Lease> acquire(String name, String holder, Duration ttl) {
        return database.transaction(() -> {
            Instant now = clock.get();
            Optional<Row> row = row(name);
            long epoch = row.map(Row::epoch).orElse(0L);
            boolean live = row.isPresent() && row.get().holder() != null && now.isBefore(row.get().expiresAt());
            if (live && !row.get().holder().equals(holder)) return Optional.empty();
            Lease lease = new Lease(name, holder, now.plus(ttl), live ? epoch : epoch + 1);
            store(lease);
            // A new writer changes where the cluster map sends a segment's reads.
            if (!live && !name.equals(LeaseName.LEADER)) database.changed();
            return Optional.of(lease);
        });
    }

    @Override
    public Optional<Lease> renew(Lease held, Duration ttl) {
        return database.transaction(() -> {
            Instant now = clock.get();
            if (!isCurrent(held, now)) return Optional.empty();
            Lease renewed = new Lease(held.name(), held.holder(), now.plus(ttl), held.epoch());
            store(renewed);
            return Optional.of(renewed);
        });
    }

    @Override
    public boolean release(Lease held) {
        return database.transaction(() -> {
            Optional<Row> row = row(held.name());
            if (row.isEmpty() || !held.holder().equals(row.get().holder()) || row.get().epoch() != held.epoch()) return false;
            database.update("UPDATE leases SET holder = NULL, expires_at = ? WHERE name = ?", List.of(clock.get().toEpochMilli(), held.name()));
            database.changed();
            return true;
        });
    }

    @Override
    public Optional<Lease> current(String name) {
        return row(name).filter(row -> row.holder() != null).map(row -> new Lease(name, row.holder(), row.expiresAt(), row.epoch()));
    }

    @Override
    public Map<String, Lease> current(Collection<String> names) {
        Map<String, Lease> leases = new HashMap<>();
        for (Lease lease : database.queryIn("SELECT name, holder, expires_at, epoch FROM leases WHERE holder IS NOT NULL AND name IN (%s)",
                names, rows -> new Lease(rows.getString("name"), rows.getString("holder"), Instant.ofEpochMilli(rows.getLong("expires_at")),
                        rows.getLong("epoch")))) {
            leases.put(lease.name(), lease);
        }
        return leases;
    }

    /** True when {@code held} is the lease's current holder and epoch, and it has not expired. */
    boolean isCurrent(Lease held, Instant now) {
        Optional<Row> row = row(held.name());
        return row.isPresent() && held.holder().equals(row.get().holder()) && row.get().epoch() == held.epoch()
                && now.isBefore(row.get().expiresAt());
    }

    private void store(Lease lease) {
        database.update("INSERT OR REPLACE INTO leases (name, holder, expires_at, epoch) VALUES (?, ?, ?, ?)",
                List.of(lease.name(), lease.holder(), lease.expiresAt().toEpochMilli(), lease.epoch()));
    }

    private Optional<Row> row(String name) {
        return database.query("SELECT holder, expires_at, epoch FROM leases WHERE name = ?", List.of(name), EmbeddedLeases::toRow)
                .stream().findFirst();
    }

    private static Row toRow(ResultSet rows) throws SQLException {
        return new Row(rows.getString("holder"), Instant.ofEpochMilli(rows.getLong("expires_at")), rows.getLong("epoch"));
    }
}
