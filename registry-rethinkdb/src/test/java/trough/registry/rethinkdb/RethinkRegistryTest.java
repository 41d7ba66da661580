package trough.registry.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.net.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import trough.core.registry.Registry;
import trough.core.registry.RegistryBackends;
import trough.core.registry.RegistryContract;

/**
 * The registry contract against a real RethinkDB server, in a database of the test run's own, dropped after; the
 * registries are opened as a node opens them, by URL through the backend's provider.
 */
@ExtendWith(RethinkTestServer.class)
class RethinkRegistryTest extends RegistryContract {
    private static final RethinkDB r = RethinkDB.r;
    private static final String DATABASE = "trough_contract_" + ProcessHandle.current().pid();

    @Override
    protected Registry emptyRegistry() {
        Registry registry = RegistryBackends.open(RethinkTestServer.url(DATABASE));
        try (Connection connection = connect()) {
            for (String table : new String[] {RethinkTables.SCHEMAS, RethinkTables.SEGMENTS, RethinkTables.WORKERS,
                    RethinkTables.ASSIGNMENTS, RethinkTables.REPLICAS, RethinkTables.LEASES}) {
                r.db(DATABASE).table(table).delete().run(connection);
            }
            // meta keeps its version counter; only the last round's report goes.
            r.db(DATABASE).table(RethinkTables.META).get(RethinkPlacements.PLACEMENT_ROUND).delete().run(connection);
        }
        return registry;
    }

    @Override
    protected Registry anotherClient() {
        return RegistryBackends.open(RethinkTestServer.url(DATABASE));
    }

    @AfterAll
    static void dropDatabase() {
        if (RethinkTestServer.address().isEmpty()) return;
        try (Connection connection = connect()) {
            r.branch(r.dbList().contains(DATABASE), r.dbDrop(DATABASE), null).run(connection);
        }
    }

    private static Connection connect() {
        RethinkLocation.Host host = RethinkTestServer.location(DATABASE).hosts().get(0);
        return r.connection().hostname(host.name()).port(host.port()).connect();
    }
}
