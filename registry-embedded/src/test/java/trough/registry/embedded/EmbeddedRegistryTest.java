package trough.registry.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.registry.RegistryBackends;
import trough.core.registry.RegistryContract;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;

/** The registry contract, on registries opened as a node opens them: by location, through the backend's provider. */
class EmbeddedRegistryTest extends RegistryContract {
    @TempDir
    Path dir;

    @Override
    protected Registry emptyRegistry() {
        return RegistryBackends.open("embedded:" + dir.resolve("registry"));
    }

    @Override
    protected Registry anotherClient() {
        return RegistryBackends.open("embedded:" + dir.resolve("registry"));
    }

    @Test
    void theProviderOpensTheRegistryOfItsLocationsDirectory() {
        registry.putSchema(new SchemaDefinition("logs", "CREATE TABLE a(x)"));
        assertInstanceOf(EmbeddedRegistry.class, registry);
        try (Registry direct = EmbeddedRegistry.open(dir.resolve("registry"))) {
            assertEquals("CREATE TABLE a(x)", direct.schema("logs").orElseThrow().sql());
        }
        assertEquals("embedded:" + dir, RegistryBackends.describe("embedded:" + dir));
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> RegistryBackends.open("embedded:"));
        assertEquals("registry 'embedded:' names no directory; use embedded:/path/to/dir", blank.getMessage());
    }

    @Test
    void keepsItsContentAcrossRestarts() {
        registry.putSchema(new SchemaDefinition("logs", "CREATE TABLE a(x)"));
        registry.putSegment(SegmentRecord.local(SegmentId.of("job-1"), "logs", 10));
        registry.close();
        try (Registry reopened = EmbeddedRegistry.open(dir.resolve("registry"))) {
            assertEquals("CREATE TABLE a(x)", reopened.schema("logs").orElseThrow().sql());
            assertEquals(10, reopened.segment(SegmentId.of("job-1")).orElseThrow().sizeBytes());
        }
        registry = emptyRegistry();
    }

    @Test
    void aRegistryWrittenBeforeSegmentsHadTiersOpensWithEveryOneHot() throws Exception {
        Path old = dir.resolve("old");
        java.nio.file.Files.createDirectories(old);
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + old.resolve("registry.sqlite"));
             var statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE segments (id TEXT PRIMARY KEY, schema TEXT, generation INTEGER NOT NULL, "
                    + "size_bytes INTEGER NOT NULL, checksum TEXT, remote_path TEXT)");
            statement.executeUpdate("INSERT INTO segments VALUES ('legacy', 'logs', 2, 10, 'sha256:aa', 'segments/legacy@2.sqlite')");
        }
        try (Registry reopened = EmbeddedRegistry.open(old)) {
            assertEquals(trough.core.registry.Tier.HOT, reopened.segment(SegmentId.of("legacy")).orElseThrow().tier());
            reopened.putSegment(SegmentRecord.local(SegmentId.of("cold"), "logs", 1).withTier(trough.core.registry.Tier.COLD));
            assertEquals(trough.core.registry.Tier.COLD, reopened.segment(SegmentId.of("cold")).orElseThrow().tier());
        }
    }

    @Test
    void aFollowerThatFellBehindWhatTheLogKeepsIsToldChangesWereMissed() throws Exception {
        try (Registry small = EmbeddedRegistry.open(dir.resolve("small"), 10)) {
            java.util.concurrent.BlockingQueue<trough.core.registry.RegistryChange> heard = new java.util.concurrent.LinkedBlockingQueue<>();
            try (trough.core.registry.Watch watch = small.followChanges(heard::add)) {
                java.util.List<SegmentRecord> many = new java.util.ArrayList<>();
                for (int i = 0; i < 100; i++) many.add(SegmentRecord.local(SegmentId.of("s-" + i), "logs", 1));
                small.putSegments(many); // one transaction: the follower sees all 100 at once, of which the log keeps 10
                trough.core.registry.RegistryChange first = heard.poll(10, java.util.concurrent.TimeUnit.SECONDS);
                assertInstanceOf(trough.core.registry.RegistryChange.ChangesMissed.class, first);
                assertEquals("the registry's change log no longer holds changes 1 to 90",
                        ((trough.core.registry.RegistryChange.ChangesMissed) first).why());
            }
        }
    }

    @Test
    void twoOpenersOfOneDirectorySeeEachOthersWrites() {
        try (Registry second = EmbeddedRegistry.open(dir.resolve("registry"))) {
            second.putSchema(new SchemaDefinition("shared", "CREATE TABLE s(x)"));
            assertEquals("CREATE TABLE s(x)", registry.schema("shared").orElseThrow().sql());
        }
    }
}
