package trough.core.api;

import java.util.List;

/**
 * Several writes to one segment sent at once ({@code POST /v1/segments/{id}/writes}): each body runs as its own
 * transaction, in order, exactly as if each were sent alone; the answer comes once every committed one is
 * durable. Lets a writer's change-log records be written while the next transactions run.
 */
public record WritesRequest(List<String> transactions) {}
