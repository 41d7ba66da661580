package trough.registry.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.gen.ast.ReqlExpr;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Leases;

/**
 * Leases in the RethinkDB registry: one document per lease, each decision one atomic {@code replace} whose
 * expiry test runs on the server with the server's clock, so two clients can never both hold a lease. A
 * released lease keeps its document (holder null) so that its epoch is never reused.
 */
final class RethinkLeases implements Leases {
    private static final RethinkDB r = RethinkDB.r;

    private final RethinkSession session;
    private final RethinkTables tables;

    RethinkLeases(RethinkSession session, RethinkTables tables) {
        this.session = session;
        this.tables = tables;
    }

    @Override
    public Optional<Lease> acquire(String name, String holder, Duration ttl) {
        long millis = ttl.toMillis();
        Supplier<ReqlExpr> decision = () -> RethinkTables.nowMillis().do_(now -> tables.leases().get(name).replace(row -> r.branch(
                        row.eq(null), lease(name, holder, now.add(millis), 1),
                        live(row, now).and(row.g("holder").eq(holder)), row.merge(r.hashMap("expires_at", now.add(millis))),
                        live(row, now), row,
                        lease(name, holder, now.add(millis), row.g("epoch").add(1))))
                .optArg("return_changes", "always")
                .merge(r.hashMap("now", now)));
        // Run again after a lost answer, the holder finds its own lease and renews it: the same outcome.
        Document result = Document.of(session.run("acquiring lease " + name + " for " + holder, decision));
        Document lease = result.newValue();
        if (lease == null || !holder.equals(lease.text("holder")) || lease.number("expires_at") != result.number("now") + millis) {
            return Optional.empty();
        }
        Document before = result.oldValue();
        boolean newHolder = before == null || before.number("epoch") != lease.number("epoch");
        // A new writer changes where the cluster map sends a segment's reads.
        if (newHolder && !name.equals(LeaseName.LEADER)) session.run("noting the new holder of " + name, () -> tables.bumpVersion());
        return Optional.of(toLease(lease));
    }

    @Override
    public Optional<Lease> renew(Lease held, Duration ttl) {
        long millis = ttl.toMillis();
        Supplier<ReqlExpr> decision = () -> RethinkTables.nowMillis().do_(now -> tables.leases().get(held.name()).replace(row -> r.branch(
                        isHeld(row, held).and(live(row, now)), row.merge(r.hashMap("expires_at", now.add(millis))), row))
                .optArg("return_changes", "always")
                .merge(r.hashMap("now", now)));
        Document result = Document.of(session.run("renewing lease " + held.name() + " of " + held.holder(), decision));
        Document lease = result.newValue();
        boolean renewed = lease != null && held.holder().equals(lease.text("holder")) && lease.number("epoch") == held.epoch()
                && lease.number("expires_at") == result.number("now") + millis;
        return renewed ? Optional.of(toLease(lease)) : Optional.empty();
    }

    @Override
    public boolean release(Lease held) {
        Supplier<ReqlExpr> decision = () -> RethinkTables.nowMillis().do_(now -> tables.leases().get(held.name()).replace(row -> r.branch(
                isHeld(row, held), row.merge(r.hashMap("holder", null).with("expires_at", now)), row)));
        return Document.of(session.run("releasing lease " + held.name() + " of " + held.holder(), () -> tables.bumpingVersionIf(decision.get(), "replaced")))
                .number("replaced") == 1;
    }

    @Override
    public Optional<Lease> current(String name) {
        Document lease = Document.of(session.run("reading lease " + name, () -> tables.leases().get(name)));
        return lease == null || lease.text("holder") == null ? Optional.empty() : Optional.of(toLease(lease));
    }

    @Override
    public Map<String, Lease> current(Collection<String> names) {
        Map<String, Lease> leases = new HashMap<>();
        if (names.isEmpty()) return leases;
        Object rows = session.rows("reading " + names.size() + " lease(s)",
                () -> tables.leases().getAll(r.args(names.toArray())).filter(row -> row.g("holder").ne(null)));
        for (Document lease : Document.all(rows)) leases.put(lease.text("name"), toLease(lease));
        return leases;
    }

    /** True (on the server) when the lease document is {@code held}: same holder, same epoch. */
    static ReqlExpr isHeld(ReqlExpr row, Lease held) {
        return row.ne(null).and(row.g("holder").eq(held.holder())).and(row.g("epoch").eq(held.epoch()));
    }

    private static ReqlExpr live(ReqlExpr row, ReqlExpr now) {
        return row.g("holder").ne(null).and(row.g("expires_at").gt(now));
    }

    private static Object lease(String name, String holder, ReqlExpr expiresAt, Object epoch) {
        return r.hashMap("name", name).with("holder", holder).with("expires_at", expiresAt).with("epoch", epoch);
    }

    private static Lease toLease(Document lease) {
        return new Lease(lease.text("name"), lease.text("holder"), Instant.ofEpochMilli(lease.number("expires_at")), lease.number("epoch"));
    }
}
