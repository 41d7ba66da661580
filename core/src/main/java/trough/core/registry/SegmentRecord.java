package trough.core.registry;

import java.util.Objects;
import trough.core.segment.SegmentId;

/**
 * What the registry knows of one segment.
 *
 * @param schema     the schema it was created from, or null for a segment found as a file
 * @param generation bumped by each promotion; 0 before the first
 * @param sizeBytes  size of the promoted file, or of the local file before promotion
 * @param checksum   checksum of the promoted file, or null before the first promotion
 * @param remotePath where the durable copy lives, or null before the first promotion
 * @param tier       hot segments are placed on hot workers, cold ones on cold workers
 */
public record SegmentRecord(SegmentId id, String schema, long generation, long sizeBytes, String checksum, String remotePath, Tier tier) {
    public SegmentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tier, "tier");
    }

    /** A hot segment's record. */
    public SegmentRecord(SegmentId id, String schema, long generation, long sizeBytes, String checksum, String remotePath) {
        this(id, schema, generation, sizeBytes, checksum, remotePath, Tier.HOT);
    }

    public static SegmentRecord local(SegmentId id, String schema, long sizeBytes) {
        return new SegmentRecord(id, schema, 0, sizeBytes, null, null);
    }

    public SegmentRecord withTier(Tier newTier) {
        return new SegmentRecord(id, schema, generation, sizeBytes, checksum, remotePath, newTier);
    }
}
