package trough.worker.cluster;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.Registry;
import trough.core.registry.RegistryException;
import trough.core.registry.WorkerRecord;

/**
 * Tells the registry, every interval, that this worker is alive, where it is and how full: one write per
 * worker per interval, whatever it serves.
 */
public final class WorkerHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerHeartbeat.class);

    private final Registry registry;
    private final Membership membership;
    private final String workerId;
    private final String url;
    private final LongSupplier usedBytes;
    private final DoubleSupplier load;
    private volatile boolean failing;
    private ScheduledFuture<?> task;

    public WorkerHeartbeat(Registry registry, Membership membership, String workerId, String url, LongSupplier usedBytes, DoubleSupplier load) {
        this.registry = registry;
        this.membership = membership;
        this.workerId = workerId;
        this.url = url;
        this.usedBytes = usedBytes;
        this.load = load;
    }

    /** Beats once now (so the worker is in the cluster map when start returns), then every interval. */
    public void start(ScheduledExecutorService scheduler) {
        beat();
        long interval = membership.heartbeatInterval().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::beatQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    public void beat() {
        registry.workers().heartbeat(WorkerRecord.report(workerId, url, membership.capacityBytes(), usedBytes.getAsLong(), membership.tier(),
                load.getAsDouble(), membership.heartbeatTtl()));
    }

    private void beatQuietly() {
        try {
            beat();
            if (failing) LOG.info("worker {}: heartbeats reach the registry again", workerId);
            failing = false;
        } catch (RegistryException e) {
            // Logged once per outage: a registry down for minutes must not fill the log.
            if (!failing) LOG.warn("worker {}: heartbeat failed ({}); the cluster map drops this worker after {} unless the registry comes back",
                    workerId, e.getMessage(), membership.heartbeatTtl());
            failing = true;
        }
    }

    @Override
    public void close() {
        if (task != null) task.cancel(false);
    }
}
