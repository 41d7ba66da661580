package trough.sync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;

class EmbeddedRegistryTest extends RegistryContract {
    @TempDir
    Path dir;

    @Override
    protected Registry emptyRegistry() {
        return EmbeddedRegistry.open(dir.resolve("registry"));
    }

    @Override
    protected Registry anotherClient() {
        return EmbeddedRegistry.open(dir.resolve("registry"));
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
    void twoOpenersOfOneDirectorySeeEachOthersWrites() {
        try (Registry second = EmbeddedRegistry.open(dir.resolve("registry"))) {
            second.putSchema(new SchemaDefinition("shared", "CREATE TABLE s(x)"));
            assertEquals("CREATE TABLE s(x)", registry.schema("shared").orElseThrow().sql());
        }
    }
}
