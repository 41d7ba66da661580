package trough.core.api;

import trough.core.segment.SegmentId;

/** The acknowledgement of a committed write: how many statements ran and how many rows they changed. */
public record WriteResult(SegmentId segment, int statements, long rowsChanged) {}
