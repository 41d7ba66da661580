package trough.registry.embedded;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.RegistryException;
import trough.core.registry.Watch;

/**
 * A watch for a registry that cannot push changes: it reads a change counter every 200 ms, one cheap read,
 * and calls the listener when the counter moved.
 */
final class PolledWatch implements Watch {
    static final long INTERVAL_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(PolledWatch.class);

    private final ScheduledExecutorService poller;

    PolledWatch(String what, LongSupplier counter, Runnable listener) {
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "trough-watch " + what);
            thread.setDaemon(true);
            return thread;
        });
        long[] seen = {counter.getAsLong()};
        poller.scheduleWithFixedDelay(() -> {
            try {
                long now = counter.getAsLong();
                if (now != seen[0]) {
                    seen[0] = now;
                    listener.run();
                }
            } catch (RegistryException e) {
                LOG.debug("watching the {}: the registry failed, trying again: {}", what, e.getMessage());
            } catch (RuntimeException e) {
                // A failing listener must not end the watch: the scheduler drops a task that throws.
                LOG.warn("watching the {}: the listener failed", what, e);
            }
        }, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
