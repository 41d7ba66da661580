package trough.core.api;

/** The acknowledgement of a committed write: how many statements ran and how many rows they changed. */
public record WriteResult(String segment, int statements, long rowsChanged) {}
