package trough.core.api;

import trough.core.segment.SegmentId;

/** A request to create a segment from a registered schema (the original Trough's {@code /provision} body). */
public record ProvisionRequest(SegmentId segment, String schema) {}
