package trough.calcite.exec;

import java.util.concurrent.ScheduledExecutorService;

/**
 * What every query of a connection shares: the timeout when the statement sets none, the thread that
 * watches for Statement.cancel(), and the fetch sizes its statements set.
 */
public record QuerySettings(long defaultTimeoutMillis, ScheduledExecutorService watchdog, FetchSizes fetchSizes) {}
