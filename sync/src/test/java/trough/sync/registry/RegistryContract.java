package trough.sync.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trough.core.registry.Registry;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;

/** What every registry implementation must do; each implementation runs it through a subclass. */
public abstract class RegistryContract {
    protected Registry registry;

    /** A registry with no schemas and no segments. */
    protected abstract Registry emptyRegistry() throws Exception;

    @BeforeEach
    void open() throws Exception {
        registry = emptyRegistry();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void storesReplacesAndDeletesSchemas() {
        assertTrue(registry.putSchema(new SchemaDefinition("logs", "CREATE TABLE a(x)")));
        assertFalse(registry.putSchema(new SchemaDefinition("logs", "CREATE TABLE b(y)")));
        assertTrue(registry.putSchema(new SchemaDefinition("events", "CREATE TABLE e(z)")));
        assertEquals("CREATE TABLE b(y)", registry.schema("logs").orElseThrow().sql());
        assertEquals(List.of("events", "logs"), registry.schemas().stream().map(SchemaDefinition::name).toList());
        assertTrue(registry.deleteSchema("logs"));
        assertFalse(registry.deleteSchema("logs"));
        assertTrue(registry.schema("logs").isEmpty());
    }

    @Test
    void storesReplacesAndDeletesSegments() {
        SegmentId id = SegmentId.of("job-1");
        registry.putSegment(SegmentRecord.local(id, "logs", 4096));
        registry.putSegment(new SegmentRecord(id, "logs", 3, 8192, "sha256:ab", "/segments/job-1.sqlite"));
        SegmentRecord stored = registry.segment(id).orElseThrow();
        assertEquals(new SegmentRecord(id, "logs", 3, 8192, "sha256:ab", "/segments/job-1.sqlite"), stored);
        assertEquals(1, registry.segmentCountBySchema("logs"));
        assertTrue(registry.deleteSegment(id));
        assertFalse(registry.deleteSegment(id));
        assertTrue(registry.segment(id).isEmpty());
        assertEquals(0, registry.segmentCountBySchema("logs"));
    }

    @Test
    void listsSegmentsByPrefixInPages() {
        for (int i = 0; i < 25; i++) registry.putSegment(SegmentRecord.local(SegmentId.of(String.format("job-%03d", i)), "logs", i));
        registry.putSegment(SegmentRecord.local(SegmentId.of("jo"), "logs", 0));
        registry.putSegment(SegmentRecord.local(SegmentId.of("other-1"), "logs", 0));

        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            SegmentPage page = registry.segments("job-", after, 10);
            page.segments().forEach(s -> seen.add(s.id().value()));
            after = page.next();
            pages++;
        } while (after != null);
        assertEquals(3, pages);
        assertEquals(25, seen.size());
        assertEquals("job-000", seen.get(0));
        assertEquals("job-024", seen.get(24));
        assertEquals(seen.stream().sorted().toList(), seen);

        SegmentPage all = registry.segments("", null, 100);
        assertEquals(27, all.segments().size());
        assertNull(all.next());
        assertThrows(IllegalArgumentException.class, () -> registry.segments("", null, 0));
    }

    @Test
    void listsTheSegmentsOfOneSchemaInPages() {
        for (int i = 0; i < 7; i++) registry.putSegment(SegmentRecord.local(SegmentId.of("a-" + i), "alpha", 0));
        for (int i = 0; i < 3; i++) registry.putSegment(SegmentRecord.local(SegmentId.of("b-" + i), "beta", 0));
        registry.putSegment(SegmentRecord.local(SegmentId.of("found"), null, 0));
        SegmentPage first = registry.segmentsOfSchema("alpha", null, 4);
        assertEquals(List.of("a-0", "a-1", "a-2", "a-3"), first.segments().stream().map(s -> s.id().value()).toList());
        SegmentPage second = registry.segmentsOfSchema("alpha", first.next(), 4);
        assertEquals(List.of("a-4", "a-5", "a-6"), second.segments().stream().map(s -> s.id().value()).toList());
        assertNull(second.next());
        assertEquals(3, registry.segmentsOfSchema("beta", null, 10).segments().size());
        assertTrue(registry.segmentsOfSchema("gamma", null, 10).segments().isEmpty());
    }
}
