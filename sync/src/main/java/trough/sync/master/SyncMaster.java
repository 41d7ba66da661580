package trough.sync.master;

import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Registry;
import trough.core.registry.RegistryException;

/**
 * One sync server's bid for mastership. Every interval it takes or renews the leader lease; while it holds
 * it, it reconciles placement. Several may run: one is master, the others wait and take over once its lease
 * lapses. A master that loses its lease stops at once, and the registry refuses its writes anyway (fenced by
 * the lease epoch).
 */
public final class SyncMaster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncMaster.class);

    private final Registry registry;
    private final MasterSettings settings;
    private final Reconciler reconciler;
    private volatile Lease leadership;
    private ScheduledFuture<?> task;

    public SyncMaster(Registry registry, MasterSettings settings) {
        this.registry = registry;
        this.settings = settings;
        this.reconciler = new Reconciler(registry, settings);
    }

    public void start(ScheduledExecutorService scheduler) {
        long interval = settings.interval().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::tickQuietly, 0, interval, TimeUnit.MILLISECONDS);
    }

    public boolean isMaster() {
        Lease held = leadership;
        return held != null && held.liveAt(registry.now());
    }

    public String syncId() {
        return settings.syncId();
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RegistryException e) {
            LOG.warn("sync {}: round skipped, the registry failed: {}", settings.syncId(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("sync {}: round failed", settings.syncId(), e);
        }
    }

    /** Takes or keeps the lease, then reconciles if master. */
    public synchronized void tick() {
        Lease held = leadership;
        Optional<Lease> lease = held == null
                ? registry.leases().acquire(LeaseName.LEADER, settings.syncId(), settings.leaseTtl())
                : registry.leases().renew(held, settings.leaseTtl());
        if (lease.isEmpty()) {
            if (held != null) LOG.warn("sync {}: lost mastership (epoch {}); another sync server took over", settings.syncId(), held.epoch());
            leadership = null;
            return;
        }
        if (held == null) {
            LOG.info("sync {}: became master (epoch {})", settings.syncId(), lease.get().epoch());
            reconciler.reset();
        }
        leadership = lease.get();
        Reconciler.ReconcileRound round = reconciler.reconcile(lease.get());
        if (round != null && (round.added() > 0 || round.removed() > 0)) {
            LOG.info("sync {}: placement on {} worker(s): {} replica(s) assigned, {} unassigned; {}", settings.syncId(), round.members(),
                    round.added(), round.removed(), round.report());
        }
    }

    @Override
    public void close() {
        if (task != null) task.cancel(false);
        Lease held = leadership;
        leadership = null;
        // Handing over at once instead of making the others wait out the TTL.
        if (held != null) {
            try {
                registry.leases().release(held);
            } catch (RegistryException e) {
                LOG.warn("sync {}: could not release mastership: {}", settings.syncId(), e.getMessage());
            }
        }
    }
}
