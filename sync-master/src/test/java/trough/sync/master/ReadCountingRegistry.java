package trough.sync.master;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * pass), whose assignment writes can be made to fail, and whose segment listings can be held back (how a test
 * keeps a new master's view loading while it makes changes).
 */
final class ReadCountingRegistry implements Registry {
    private final Registry registry;
    final AtomicInteger listings = new AtomicInteger();
    /** While set, every assignment write fails ({@link RefusingWritesPlacements}). */
    volatile boolean failWrites;
    private volatile CountDownLatch listingsHeld;
    private final CountDownLatch listingReached = new CountDownLatch(1);

    private final AtomicInteger passing = new AtomicInteger();

    /** From now on every segment listing waits until {@link #releaseListings}. */
    void holdListings() {
        holdListingsAfter(0);
    }

    /** From now on, once {@code pages} more segment listings have passed, every one waits until {@link #releaseListings}. */
    void holdListingsAfter(int pages) {
        passing.set(pages);
        listingsHeld = new CountDownLatch(1);
    }

    /** Waits until a listing is held; false when none came within {@code seconds}. */
    boolean awaitHeldListing(long seconds) throws InterruptedException {
        return listingReached.await(seconds, TimeUnit.SECONDS);
    }

    void releaseListings() {
        CountDownLatch held = listingsHeld;
        listingsHeld = null;
        if (held != null) held.countDown();
    }

    private void holdIfAsked() {
        CountDownLatch held = listingsHeld;
        if (held == null || passing.getAndDecrement() > 0) return;
        listingReached.countDown();
        try {
            if (!held.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("a segment listing was held for a minute: the test never released it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held", e);
        }
    }

    ReadCountingRegistry(Registry registry) {
        this.registry = registry;
    }

    @Override
    public SegmentPage segments(String prefix, String after, int limit) {
        listings.incrementAndGet();
        holdIfAsked();
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
