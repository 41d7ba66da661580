package trough.core.registry;

import java.util.List;
import java.util.Optional;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;

/**
 * The cluster's metadata. Implementations (embedded, RethinkDB) live outside core and pass one contract
 * test suite. Listings page through ids in order and never load every segment at once.
 */
public interface Registry extends AutoCloseable {
    Optional<SchemaDefinition> schema(String name);

    List<SchemaDefinition> schemas();

    /** Stores the schema, replacing one of the same name; answers true when it was new. */
    boolean putSchema(SchemaDefinition schema);

    boolean deleteSchema(String name);

    Optional<SegmentRecord> segment(SegmentId id);

    void putSegment(SegmentRecord segment);

    boolean deleteSegment(SegmentId id);

    /**
     * Segments whose id starts with {@code prefix} (empty for all), in id order, strictly after
     * {@code after} (null to start), at most {@code limit} of them.
     */
    SegmentPage segments(String prefix, String after, int limit);

    /** The segments created from {@code schema}, in id order, strictly after {@code after}, at most {@code limit}. */
    SegmentPage segmentsOfSchema(String schema, String after, int limit);

    /** How many segments were created from the schema: a schema in use cannot be deleted. */
    long segmentCountBySchema(String schema);

    @Override
    void close();
}
