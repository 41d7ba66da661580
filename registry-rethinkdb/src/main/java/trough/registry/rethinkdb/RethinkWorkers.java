package trough.registry.rethinkdb;

import com.rethinkdb.RethinkDB;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import trough.core.registry.Tier;
import trough.core.registry.WorkerRecord;
import trough.core.registry.Workers;

/** Workers in the RethinkDB registry: one document per worker, replaced by each heartbeat (one write). */
final class RethinkWorkers implements Workers {
    private static final RethinkDB r = RethinkDB.r;

    private final RethinkSession session;
    private final RethinkTables tables;

    RethinkWorkers(RethinkSession session, RethinkTables tables) {
        this.session = session;
        this.tables = tables;
    }

    @Override
    public WorkerRecord heartbeat(WorkerRecord report) {
        Object result = session.run("the heartbeat of worker " + report.id(), () -> tables.workers().insert(r.hashMap("id", report.id())
                .with("url", report.url()).with("capacity_bytes", report.capacityBytes()).with("used_bytes", report.usedBytes())
                .with("tier", report.tier().name()).with("load", report.load()).with("ttl_millis", report.ttl().toMillis())
                .with("heartbeat_at", RethinkTables.nowMillis()))
                .optArg("conflict", "replace").optArg("return_changes", "always"));
        return toWorker(Document.of(result).newValue());
    }

    @Override
    public Optional<WorkerRecord> worker(String id) {
        return Optional.ofNullable(Document.of(session.run("reading worker " + id, () -> tables.workers().get(id)))).map(RethinkWorkers::toWorker);
    }

    @Override
    public List<WorkerRecord> all() {
        return Document.all(session.rows("listing workers", () -> tables.workers().orderBy().optArg("index", "id")))
                .stream().map(RethinkWorkers::toWorker).toList();
    }

    @Override
    public boolean remove(String id) {
        return Document.of(session.run("removing worker " + id, () -> tables.workers().get(id).delete())).number("deleted") == 1;
    }

    private static WorkerRecord toWorker(Document document) {
        return new WorkerRecord(document.text("id"), document.text("url"), document.number("capacity_bytes"), document.number("used_bytes"),
                Tier.valueOf(document.text("tier")), document.decimal("load"), Instant.ofEpochMilli(document.number("heartbeat_at")),
                Duration.ofMillis(document.number("ttl_millis")));
    }
}
