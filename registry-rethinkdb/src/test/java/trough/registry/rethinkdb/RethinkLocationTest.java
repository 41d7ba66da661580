package trough.registry.rethinkdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import trough.core.registry.RegistryBackends;
import trough.registry.rethinkdb.RethinkLocation.Host;

class RethinkLocationTest {
    @Test
    void readsHostsDatabaseAndTableSettings() {
        RethinkLocation location = RethinkLocation.parse("rethinkdb://ops:s%40cret@db1:28015,db2,10.0.0.3:29015/trough_prod?replicas=3&writeAcks=single&timeout=500ms");
        assertEquals(List.of(new Host("db1", 28015), new Host("db2", 28015), new Host("10.0.0.3", 29015)), location.hosts());
        assertEquals("trough_prod", location.database());
        assertEquals("ops", location.user());
        assertEquals("s@cret", location.password());
        assertEquals(3, location.replicas());
        assertEquals("single", location.writeAcks());
        assertEquals(Duration.ofMillis(500), location.timeout());
    }

    @Test
    void defaultsToAdminOneReplicaMajorityAcksAndDatabaseTrough() {
        RethinkLocation location = RethinkLocation.parse("rethinkdb://localhost");
        assertEquals(List.of(new Host("localhost", 28015)), location.hosts());
        assertEquals("trough", location.database());
        assertEquals("admin", location.user());
        assertEquals(1, location.replicas());
        assertEquals("majority", location.writeAcks());
        assertEquals(Duration.ofSeconds(10), location.timeout());
    }

    @Test
    void neverShowsThePassword() {
        RethinkLocation location = RethinkLocation.parse("rethinkdb://ops:hunter2@db1/trough");
        assertFalse(location.toString().contains("hunter2"), location.toString());
        assertEquals("rethinkdb://db1:28015/trough", location.describe());
        for (String malformed : new String[] {"rethinkdb://ops:hunter2@db1:port/trough", "rethinkdb://ops:hunter2@db1/trough?colour=red",
                "rethinkdb://ops:hunter2@db1/trough?timeout=soon", "rethinkdb://ops:hunter2@,db1/trough"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> RethinkLocation.parse(malformed));
            assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
            assertTrue(refused.getMessage().contains("ops:***@"), refused.getMessage());
        }
    }

    @Test
    void isFoundByItsSchemeAndDescribedWithoutThePassword() {
        assertEquals("rethinkdb://db1:28015/trough", RegistryBackends.describe("rethinkdb://ops:hunter2@db1/trough"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegistryBackends.open("rethinkdb://db1/trough?replica=3"));
        assertTrue(e.getMessage().startsWith("unknown parameter 'replica'"), e.getMessage());
    }

    @Test
    void refusesWhatItCannotUseSayingWhy() {
        assertMessage("unknown parameter 'replica'", "rethinkdb://db1/trough?replica=3");
        assertMessage("writeAcks is majority or single, not 'all'", "rethinkdb://db1/trough?writeAcks=all");
        assertMessage("replicas must be at least 1", "rethinkdb://db1/trough?replicas=0");
        assertMessage("no port number", "rethinkdb://db1:port/trough");
        assertMessage("not a RethinkDB database name", "rethinkdb://db1/trough-prod");
        assertMessage("names an empty host", "rethinkdb://db1,,db2/trough");
        assertMessage("is not a duration", "rethinkdb://db1/trough?timeout=soon");
    }

    private static void assertMessage(String expected, String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RethinkLocation.parse(url));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
