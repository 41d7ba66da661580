package trough.calcite.exec;

import java.util.concurrent.ScheduledExecutorService;

/**
 * What every query of a connection shares: the timeout when the statement sets none, and the thread that
 * watches for Statement.cancel().
 */
public record QuerySettings(long defaultTimeoutMillis, ScheduledExecutorService watchdog) {}
