package trough.sync.storage;

/** A segment file as durable storage holds it: where, its checksum ({@code sha256:<hex>}) and size. */
public record StoredCopy(String remotePath, String checksum, long sizeBytes) {}
