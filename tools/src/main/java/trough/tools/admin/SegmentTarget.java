package trough.tools.admin;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import trough.core.api.ClusterStatus;
import trough.core.client.write.SegmentWriter;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentKey;

/**
 * Where the operator's tools (shell, loader) administer and write segments: a cluster over HTTP, or a
 * directory of segment files. Queries do not go through here but through the JDBC driver, on the same URL.
 */
public interface SegmentTarget extends AutoCloseable {
    /** The {@code jdbc:trough:} URL the driver reaches the same data with. */
    String jdbcUrl();

    /** Says where the data is, for messages. */
    String describe();

    List<SchemaDefinition> schemas();

    default Optional<SchemaDefinition> schema(String name) {
        return schemas().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The segment key rows of {@code schema} are routed by, or null when it declares none. */
    default SegmentKey segmentKey(String schema) {
        return schema == null ? null : schema(schema).map(SchemaDefinition::segmentKey).orElse(null);
    }

    /** Registers (or replaces) a schema; answers true when it is new. */
    boolean registerSchema(String name, String ddl);

    /** The segments whose id contains a match of {@code pattern} (all when null), in id order. */
    List<SegmentListing> segments(Pattern pattern, boolean withRows);

    /** Writes to segments of {@code schema} (null: segments with no schema), creating them from it when missing. */
    SegmentWriter writer(String schema);

    /** Makes the segment's current content its durable copy; answers a line saying what was stored. */
    String promote(String segment);

    /** The CREATE statements of {@code table} and its indexes as the segment itself holds them, or null when not known there. */
    default String createTable(String segment, String table) {
        return null;
    }

    /** How placement goes and how full the workers are; only a cluster knows. */
    default ClusterStatus clusterStatus() {
        throw new TargetException(describe() + " is a directory of segments, not a cluster: it has no workers or placement");
    }

    /** Deletes the segment everywhere. */
    void shred(String segment);

    @Override
    void close();
}
