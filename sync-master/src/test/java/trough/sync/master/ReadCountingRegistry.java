package trough.sync.master;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import trough.core.registry.Leases;
import trough.core.registry.Placements;
import trough.core.registry.Registry;
import trough.core.registry.RegistryChange;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Watch;
import trough.core.registry.Workers;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;

/**
 * A real registry that counts the segment listings read through it (how a test sees that a round made no full
 * pass), and whose assignment writes can be made to fail.
 */
final class ReadCountingRegistry implements Registry {
    private final Registry registry;
    final AtomicInteger listings = new AtomicInteger();
    /** While set, every assignment write fails ({@link RefusingWritesPlacements}). */
    volatile boolean failWrites;

    ReadCountingRegistry(Registry registry) {
        this.registry = registry;
    }

    @Override
    public SegmentPage segments(String prefix, String after, int limit) {
        listings.incrementAndGet();
        return registry.segments(prefix, after, limit);
    }

    @Override
    public Optional<SchemaDefinition> schema(String name) {
        return registry.schema(name);
    }

    @Override
    public List<SchemaDefinition> schemas() {
        return registry.schemas();
    }

    @Override
    public boolean putSchema(SchemaDefinition schema) {
        return registry.putSchema(schema);
    }

    @Override
    public boolean deleteSchema(String name) {
        return registry.deleteSchema(name);
    }

    @Override
    public Optional<SegmentRecord> segment(SegmentId id) {
        return registry.segment(id);
    }

    @Override
    public void putSegment(SegmentRecord segment) {
        registry.putSegment(segment);
    }

    @Override
    public void putSegments(List<SegmentRecord> segments) {
        registry.putSegments(segments);
    }

    @Override
    public boolean replaceSegment(SegmentRecord expected, SegmentRecord replacement) {
        return registry.replaceSegment(expected, replacement);
    }

    @Override
    public boolean deleteSegment(SegmentId id) {
        return registry.deleteSegment(id);
    }

    @Override
    public SegmentPage segmentsMatching(String regex, String after, int limit) {
        listings.incrementAndGet();
        return registry.segmentsMatching(regex, after, limit);
    }

    @Override
    public SegmentPage segmentsOfSchema(String schema, String after, int limit) {
        listings.incrementAndGet();
        return registry.segmentsOfSchema(schema, after, limit);
    }

    @Override
    public long segmentCountBySchema(String schema) {
        return registry.segmentCountBySchema(schema);
    }

    @Override
    public Workers workers() {
        return registry.workers();
    }

    @Override
    public Placements placements() {
        return failWrites ? new RefusingWritesPlacements(registry.placements()) : registry.placements();
    }

    @Override
    public Leases leases() {
        return registry.leases();
    }

    @Override
    public Watch followChanges(Consumer<RegistryChange> listener) {
        return registry.followChanges(listener);
    }

    @Override
    public Instant now() {
        return registry.now();
    }

    @Override
    public String version() {
        return registry.version();
    }

    @Override
    public void close() {
        registry.close();
    }
}
