package trough.core.api;

/** A request to create a segment from a registered schema (the original Trough's {@code /provision} body). */
public record ProvisionRequest(String segment, String schema) {}
