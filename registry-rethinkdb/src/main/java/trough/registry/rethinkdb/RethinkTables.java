package trough.registry.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.gen.ast.Db;
import com.rethinkdb.gen.ast.ReqlExpr;
import com.rethinkdb.gen.ast.ReqlFunction1;
import com.rethinkdb.gen.ast.ReqlFunction3;
import com.rethinkdb.gen.ast.Table;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The registry's tables in its RethinkDB database (docs/registry.md describes them), made at start when
 * missing: each check-then-create is one query, and a query that loses a race to another client fails and runs
 * again, finding the table there. A table's replica count and write acks apply when it is created.
 */
final class RethinkTables {
    static final String SCHEMAS = "schemas";
    static final String SEGMENTS = "segments";
    static final String WORKERS = "workers";
    /** One document per segment holding its assigned workers ({@link SegmentAssignments}). */
    static final String ASSIGNMENTS = "segment_assignments";
    static final String REPLICAS = "replicas";
    static final String LEASES = "leases";
    static final String META = "meta";

    /** Segments by [schema, id]: a schema's segments in id order, and their count. */
    static final String BY_SCHEMA = "schema_id";
    /** Replicas by [worker, segment]: a worker's, in segment order. */
    static final String BY_WORKER = "worker_segment";
    /** Replicas by segment. */
    static final String BY_SEGMENT = "segment";

    private static final RethinkDB r = RethinkDB.r;
    private static final String VERSION = "version";

    private final Db db;

    private RethinkTables(String database) {
        this.db = r.db(database);
    }

    static RethinkTables ensure(RethinkSession session) {
        RethinkLocation location = session.location();
        String database = location.database();
        session.run("creating database " + database, () -> r.branch(r.dbList().contains(database), r.hashMap(), r.dbCreate(database)));
        Map<String, String> primaryKeys = new LinkedHashMap<>();
        primaryKeys.put(SCHEMAS, "name");
        primaryKeys.put(SEGMENTS, "id");
        primaryKeys.put(WORKERS, "id");
        primaryKeys.put(ASSIGNMENTS, "id");
        primaryKeys.put(REPLICAS, "id");
        primaryKeys.put(LEASES, "name");
        primaryKeys.put(META, "id");
        RethinkTables tables = new RethinkTables(database);
        for (Map.Entry<String, String> table : primaryKeys.entrySet()) {
            // Write acks are set when the table is made (majority is RethinkDB's own default): changing a table's
            // configuration later needs rights over RethinkDB's system tables that a node's user should not have.
            session.run("creating table " + table.getKey(), () -> r.branch(tables.db.tableList().contains(table.getKey()), r.hashMap(),
                    tables.db.tableCreate(table.getKey()).optArg("primary_key", table.getValue()).optArg("replicas", location.replicas())
                            .do_(created -> location.writeAcks().equals("majority") ? created
                                    : tables.db.table(table.getKey()).config().update(r.hashMap("write_acks", location.writeAcks())))));
        }
        tables.index(session, SEGMENTS, BY_SCHEMA, row -> r.array(row.g("schema"), row.g("id")));
        tables.index(session, REPLICAS, BY_WORKER, row -> r.array(row.g("worker"), row.g("segment")));
        tables.index(session, REPLICAS, BY_SEGMENT, row -> row.g("segment"));
        tables.index(session, ASSIGNMENTS, SegmentAssignments.WORKERS, tables.db.table(ASSIGNMENTS).indexCreate(SegmentAssignments.WORKERS).optArg("multi", true));
        session.run("waiting for the registry's tables", () -> tables.db.wait_());
        LegacyAssignments.migrate(session, tables.db, tables);
        session.run("creating the version counter", () -> tables.meta().insert(r.hashMap("id", VERSION).with("registry", UUID.randomUUID().toString())
                .with("changes", 0)).optArg("conflict", (ReqlFunction3) (id, existing, proposed) -> existing));
        return tables;
    }

    private void index(RethinkSession session, String table, String index, ReqlFunction1 function) {
        index(session, table, index, db.table(table).indexCreate(index, function));
    }

    private void index(RethinkSession session, String table, String index, ReqlExpr create) {
        session.run("creating index " + index + " of " + table, () -> r.branch(db.table(table).indexList().contains(index), r.hashMap(), create));
        session.run("waiting for index " + index + " of " + table, () -> db.table(table).indexWait(index));
    }

    Table schemas() {
        return db.table(SCHEMAS);
    }

    Table segments() {
        return db.table(SEGMENTS);
    }

    Table workers() {
        return db.table(WORKERS);
    }

    Table assignments() {
        return db.table(ASSIGNMENTS);
    }

    Table replicas() {
        return db.table(REPLICAS);
    }

    Table leases() {
        return db.table(LEASES);
    }

    Table meta() {
        return db.table(META);
    }

    /** The server's time now, in epoch milliseconds: fixed for the whole of one query. */
    static ReqlExpr nowMillis() {
        return r.now().toEpochTime().mul(1000).floor();
    }

    /** Counts one change a driver must notice (see {@link trough.core.registry.Registry#version()}). */
    ReqlExpr bumpVersion() {
        return meta().get(VERSION).update(row -> r.hashMap("changes", row.g("changes").add(1)));
    }

    /** {@code write}, then a version bump when its {@code field} (inserted, replaced, deleted...) counted any. */
    ReqlExpr bumpingVersionIf(ReqlExpr write, String... fields) {
        return write.do_(result -> {
            ReqlExpr changed = result.g(fields[0]).gt(0);
            for (int i = 1; i < fields.length; i++) changed = changed.or(result.g(fields[i]).gt(0));
            return r.branch(changed, bumpVersion().do_(ignored -> result), result);
        });
    }

    ReqlExpr version() {
        return meta().get(VERSION);
    }
}
