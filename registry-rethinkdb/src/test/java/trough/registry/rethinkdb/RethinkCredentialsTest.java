package trough.registry.rethinkdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.net.Connection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import trough.core.registry.Registry;
import trough.core.registry.RegistryException;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;

/**
 * The registry is how nodes meet, so its credentials are the cluster's: a node with the registry user's
 * password may register workers and take leases; a stranger without it reaches nothing, and is told why.
 */
@ExtendWith(RethinkTestServer.class)
class RethinkCredentialsTest {
    private static final RethinkDB r = RethinkDB.r;
    private static final String DATABASE = "trough_credentials_" + ProcessHandle.current().pid();
    private static final String USER = "trough_node_" + ProcessHandle.current().pid();
    private static final String PASSWORD = "s3cret/with:symbols";

    @BeforeAll
    static void createUser() {
        try (Connection admin = admin()) {
            r.db("rethinkdb").table("users").insert(r.hashMap("id", USER).with("password", PASSWORD)).run(admin);
            r.branch(r.dbList().contains(DATABASE), r.hashMap(), r.dbCreate(DATABASE)).run(admin);
            r.db(DATABASE).grant(USER, r.hashMap("read", true).with("write", true).with("config", true)).run(admin);
        }
    }

    @AfterAll
    static void dropUser() {
        try (Connection admin = admin()) {
            r.db("rethinkdb").table("users").get(USER).delete().run(admin);
            r.branch(r.dbList().contains(DATABASE), r.dbDrop(DATABASE), null).run(admin);
        }
    }

    @Test
    void theRegistryUsersPasswordOpensItAndAWrongOneIsRefusedSayingWhy() {
        String server = RethinkTestServer.address().orElseThrow();
        String encoded = URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8);
        try (Registry registry = RethinkRegistry.open(RethinkLocation.parse("rethinkdb://" + USER + ":" + encoded + "@" + server + "/" + DATABASE))) {
            registry.putSegment(SegmentRecord.local(SegmentId.of("s1"), "logs", 1));
            assertEquals(1, registry.segmentCountBySchema("logs"));
        }
        RegistryException stranger = assertThrows(RegistryException.class,
                () -> RethinkRegistry.open(RethinkLocation.parse("rethinkdb://" + USER + ":wrong@" + server + "/" + DATABASE)));
        assertTrue(stranger.getMessage().contains(server + " refused user '" + USER + "': Wrong password")
                && stranger.getMessage().contains("Check the user and password in the registry URL"), stranger.getMessage());
        assertTrue(!stranger.getMessage().contains(PASSWORD) && !stranger.getMessage().contains("wrong@"), "no password in messages: " + stranger.getMessage());
    }

    private static Connection admin() {
        RethinkLocation.Host host = RethinkTestServer.location(DATABASE).hosts().get(0);
        return r.connection().hostname(host.name()).port(host.port()).connect();
    }
}
