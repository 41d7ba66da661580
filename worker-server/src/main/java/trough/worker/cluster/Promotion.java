package trough.worker.cluster;

/** What a promotion stored: the segment's new generation and its durable copy. */
public record Promotion(String segment, long generation, long sizeBytes, String checksum, String remotePath) {}
