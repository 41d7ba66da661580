package trough.core.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;

/**
 * The cluster's metadata. Implementations (embedded, RethinkDB) live outside core and pass one contract
 * test suite. Listings page through ids in order and never load every segment at once. Workers, placements
 * and leases are reached through their own small interfaces.
 */
public interface Registry extends AutoCloseable {
    Optional<SchemaDefinition> schema(String name);

    List<SchemaDefinition> schemas();

    /** Stores the schema, replacing one of the same name; answers true when it was new. */
    boolean putSchema(SchemaDefinition schema);

    boolean deleteSchema(String name);

    Optional<SegmentRecord> segment(SegmentId id);

    void putSegment(SegmentRecord segment);

    /** Registers many segments at once; an implementation writes them in as few round trips as it can. */
    default void putSegments(List<SegmentRecord> segments) {
        for (SegmentRecord segment : segments) putSegment(segment);
    }

    /**
     * Replaces the segment's record only if it still equals {@code expected} (as a promotion does when it
     * bumps the generation): answers false, changing nothing, when someone changed it in between.
     */
    boolean replaceSegment(SegmentRecord expected, SegmentRecord replacement);

    /**
     * Deletes the segment and its assignments. Its replicas stay until each worker that served it has dropped
     * its copy and said so ({@link Placements#dropReplica}).
     */
    boolean deleteSegment(SegmentId id);

    /**
     * Segments whose id starts with {@code prefix} (empty for all), in id order, strictly after
     * {@code after} (null to start), at most {@code limit} of them.
     */
    SegmentPage segments(String prefix, String after, int limit);

    /**
     * Segments whose whole id matches the regular expression (Java syntax), in id order, strictly after
     * {@code after}, at most {@code limit}: the registry filters while it pages, so the caller never holds
     * the segments that do not match.
     */
    SegmentPage segmentsMatching(String regex, String after, int limit);

    /** The segments created from {@code schema}, in id order, strictly after {@code after}, at most {@code limit}. */
    SegmentPage segmentsOfSchema(String schema, String after, int limit);

    /** How many segments were created from the schema: a schema in use cannot be deleted. */
    long segmentCountBySchema(String schema);

    Workers workers();

    Placements placements();

    Leases leases();

    /**
     * Calls {@code listener}, on a thread of the registry's, with each change of a segment's record or of a replica
     * made after this returns, until the watch is closed: what a sync master follows to place only what changed.
     * Changes of one segment (or one replica) are heard in the order made; when some may have been missed, the
     * listener hears {@link RegistryChange.ChangesMissed} and must read again what it keeps. Workers, few and
     * judged by the clock, are not in the stream: read them whole.
     */
    Watch followChanges(Consumer<RegistryChange> listener);

    /** The registry's clock: the one every lease and heartbeat is judged by. */
    Instant now();

    /**
     * A value that changes whenever schemas, segments, replicas or a write lease's holder change: what a
     * driver compares to know that its cached cluster map is stale.
     */
    String version();

    @Override
    void close();
}
