package trough.sync.master;

import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.PlacementRound;
import trough.core.registry.Registry;
import trough.core.registry.RegistryException;

/**
 * One sync server's bid for mastership. Every interval it takes or renews the leader lease; while it holds
 * it, it reconciles placement, and also soon after the registry tells it of a change, so a newly promoted segment
 * is placed within a fraction of a second rather than at the next interval. Several may run: one is master, the
 * others wait, following the registry's changes, and take over once its lease lapses: the new master places what
 * changed from the moment it takes the lease, while its view loads. A master that loses its lease stops at once,
 * and the registry refuses its writes anyway (fenced by the lease epoch).
 */
public final class SyncMaster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncMaster.class);
    private static final long WAKE_DELAY_MILLIS = 20;

    private final Registry registry;
    private final MasterSettings settings;
    private final Reconciler reconciler;
    private volatile Lease leadership;
    private long renewedAt;
    private ScheduledFuture<?> task;
    private volatile ScheduledExecutorService scheduler;
    private final AtomicBoolean wakePending = new AtomicBoolean();

    public SyncMaster(Registry registry, MasterSettings settings) {
        this.registry = registry;
        this.settings = settings;
        this.reconciler = new Reconciler(registry, settings, Reconciler.SWEEP_EVERY, this::wake);
    }

    public void start(ScheduledExecutorService scheduler) {
        PlacementRound.prepareCodec();
        this.scheduler = scheduler;
        long interval = settings.interval().toMillis();
        task = scheduler.scheduleWithFixedDelay(() -> quietly(this::tick), 0, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * A change arrived: runs a round shortly (changes come in bursts: a short pause gathers one into a round), at
     * most one waiting at a time. Without a scheduler (a master ticked by hand) the change waits for the next tick.
     */
    private void wake() {
        ScheduledExecutorService current = scheduler;
        if (current == null || !wakePending.compareAndSet(false, true)) return;
        try {
            current.schedule(() -> {
                wakePending.set(false);
                quietly(this::onChange);
            }, WAKE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            wakePending.set(false); // shutting down
        }
    }

    /** A round for changes, while master: the lease is only renewed when due, as within a round. */
    private synchronized void onChange() {
        if (leadership == null) return;
        Reconciler.ReconcileRound round = reconciler.reconcile(this::keptLeadership);
        if (round != null) report(round);
    }

    public boolean isMaster() {
        Lease held = leadership;
        return held != null && held.liveAt(registry.now());
    }

    public String syncId() {
        return settings.syncId();
    }

    /** Runs a round on the scheduler's thread, where a failure must be logged, not thrown: the next round retries. */
    private void quietly(Runnable round) {
        try {
            round.run();
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
            if (held != null) {
                LOG.warn("sync {}: lost mastership (epoch {}); another sync server took over", settings.syncId(), held.epoch());
                reconciler.reset();
            }
            leadership = null;
            // A standby hears the registry's changes too, so that once it leads it places the latest at once.
            reconciler.standBy();
            return;
        }
        if (held == null) {
            LOG.info("sync {}: became master (epoch {})", settings.syncId(), lease.get().epoch());
            reconciler.dropView();
        }
        leadership = lease.get();
        renewedAt = System.nanoTime();
        Reconciler.ReconcileRound round = reconciler.reconcile(this::keptLeadership);
        if (round != null) report(round);
    }

    /**
     * Logs the round and leaves its report in the registry, where any worker shows it ({@code /metrics},
     * {@code /v1/cluster/status}): a sync server serves no HTTP of its own.
     */
    private void report(Reconciler.ReconcileRound round) {
        Lease held = leadership;
        if (held == null) return; // lost during the round, which said so
        PlacementRound report = new PlacementRound(settings.syncId(), held.epoch(), registry.now().toEpochMilli(), round.took().toMillis(),
                round.changes(), round.members(), round.segments(), round.added(), round.removed(), settings.replicas(),
                round.shortOfWorkers(), round.underReplicated());
        LOG.info("sync {}: placement round: {}; balance {}", settings.syncId(), report, String.format("%.3f (max/mean)", round.balance()));
        Optional<Lease> lease = keptLeadership();
        if (lease.isPresent() && !registry.placements().reportRound(lease.get(), report)) {
            LOG.warn("sync {}: lost mastership before reporting its round", settings.syncId());
        }
    }

    /**
     * The leader lease, renewed once an interval has passed since the last renewal: a round over a million
     * segments outlasts the lease's TTL, and must not be fenced half way for want of a renewal.
     */
    private Optional<Lease> keptLeadership() {
        Lease held = leadership;
        if (held == null) return Optional.empty();
        if (System.nanoTime() - renewedAt < settings.interval().toNanos()) return Optional.of(held);
        Optional<Lease> renewed = registry.leases().renew(held, settings.leaseTtl());
        leadership = renewed.orElse(null);
        renewedAt = System.nanoTime();
        if (renewed.isEmpty()) LOG.warn("sync {}: lost mastership during a round (epoch {})", settings.syncId(), held.epoch());
        return renewed;
    }

    @Override
    public void close() {
        if (task != null) task.cancel(false);
        scheduler = null;
        Lease held = leadership;
        leadership = null;
        synchronized (this) {
            reconciler.close();
        }
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
