package trough.registry.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.gen.ast.Db;
import com.rethinkdb.gen.ast.ReqlExpr;
import com.rethinkdb.gen.ast.ReqlFunction1;
import com.rethinkdb.gen.ast.ReqlFunction3;
import com.rethinkdb.gen.ast.Table;
import java.util.Arrays;
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
    static final String ASSIGNMENTS = "assignments";
    static final String REPLICAS = "replicas";
    static final String LEASES = "leases";
    static final String META = "meta";

    /** Segments by [schema, id]: a schema's segments in id order, and their count. */
    static final String BY_SCHEMA = "schema_id";
    /** Assignments and replicas by [worker, segment]: a worker's, in segment order. */
    static final String BY_WORKER = "worker_segment";
    /** Replicas by segment (assignments need none: see {@link #keysOf}). */
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
        for (String table : new String[] {ASSIGNMENTS, REPLICAS}) tables.index(session, table, BY_WORKER, row -> r.array(row.g("worker"), row.g("segment")));
        tables.index(session, REPLICAS, BY_SEGMENT, row -> row.g("segment"));
        // A segment's assignments are a range of the primary key (segment/worker): an index by segment would cost
        // every one of the millions of assignment writes a first placement makes, and a registry made before has one.
        session.run("dropping index " + BY_SEGMENT + " of " + ASSIGNMENTS, () -> r.branch(tables.db.table(ASSIGNMENTS).indexList().contains(BY_SEGMENT),
                tables.db.table(ASSIGNMENTS).indexDrop(BY_SEGMENT), r.hashMap()));
        session.run("waiting for the registry's tables", () -> tables.db.wait_());
        session.run("creating the version counter", () -> tables.meta().insert(r.hashMap("id", VERSION).with("registry", UUID.randomUUID().toString())
                .with("changes", 0)).optArg("conflict", (ReqlFunction3) (id, existing, proposed) -> existing));
        return tables;
    }

    private void index(RethinkSession session, String table, String index, ReqlFunction1 function) {
        session.run("creating index " + index + " of " + table,
                () -> r.branch(db.table(table).indexList().contains(index), r.hashMap(), db.table(table).indexCreate(index, function)));
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

    /**
     * The documents of {@code table} (keyed {@code segment/worker}) of each of the segments, through the primary key:
     * a segment id holds no '/', so a segment's keys are those from {@code segment/} up to the last key below
     * {@code segment0} ('0' follows '/').
     */
    static ReqlExpr keysOf(Table table, Object[] segments) {
        return r.expr(Arrays.asList(segments)).concatMap(segment -> table.between(segment.add("/"), segment.add("0")));
    }

    /** {@link #keysOf(Table, Object[])} of one segment, as a selection (it can be deleted). */
    static ReqlExpr keysOf(Table table, String segment) {
        return table.between(segment + "/", segment + "0");
    }

    ReqlExpr version() {
        return meta().get(VERSION);
    }
}
