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
    void twoOpenersOfOneDirectorySeeEachOthersWrites() {
        try (Registry second = EmbeddedRegistry.open(dir.resolve("registry"))) {
            second.putSchema(new SchemaDefinition("shared", "CREATE TABLE s(x)"));
            assertEquals("CREATE TABLE s(x)", registry.schema("shared").orElseThrow().sql());
        }
    }
}
