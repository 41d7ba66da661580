package trough.worker.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import trough.core.api.ClusterMap;
import trough.core.api.ClusterSegment;
import trough.core.api.ClusterSegmentPage;
import trough.core.api.ClusterStatus;
import trough.core.api.ClusterStatus.WorkerFill;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Registry;
import trough.core.registry.Replica;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;
import trough.core.registry.WorkerRecord;
import trough.core.segment.SegmentId;

/**
 * The cluster as a driver must see it, read from the registry: live workers, and for each segment the
 * workers that can answer for it. A segment's writer comes first (reads see its latest writes), then the
 * replicas at the promoted generation, then older ones; workers whose heartbeat lapsed are left out.
 */
public final class ClusterView {
    private final Registry registry;
    private final String selfId;
    private final String selfUrl;
    private final Predicate<SegmentId> servedHere;

    public ClusterView(Registry registry, String selfId, String selfUrl, Predicate<SegmentId> servedHere) {
        this.registry = registry;
        this.selfId = selfId;
        this.selfUrl = selfUrl;
        this.servedHere = servedHere;
    }

    /**
     * The schemas and the live workers, emptiest first and full ones left out: a client creating a segment
     * asks the first of them, so new segments go to a worker with room.
     */
    public ClusterMap map() {
        Instant now = registry.now();
        List<WorkerRecord> live = registry.workers().all().stream().filter(worker -> worker.aliveAt(now) || worker.id().equals(selfId)).toList();
        List<String> byRoom = live.stream()
                .filter(worker -> worker.usedBytes() < worker.capacityBytes())
                .sorted(Comparator.comparingDouble((WorkerRecord worker) -> (double) worker.usedBytes() / worker.capacityBytes()).thenComparing(WorkerRecord::id))
                .map(WorkerRecord::url).toList();
        List<String> workers = byRoom.isEmpty() ? List.of(selfUrl) : byRoom;
        // Liveness is not a registry change, yet it changes where queries may go: it is part of the version.
        String version = registry.version() + "/" + Integer.toHexString(live.stream().map(WorkerRecord::id).toList().hashCode());
        return new ClusterMap(version, workers, registry.schemas());
    }

    /** The master's last round and every worker, fullest first: what an operator looks at. */
    public ClusterStatus status() {
        Instant now = registry.now();
        List<WorkerFill> workers = registry.workers().all().stream()
                .map(worker -> new WorkerFill(worker.id(), worker.url(), worker.tier(), worker.usedBytes(), worker.capacityBytes(),
                        (double) worker.usedBytes() / worker.capacityBytes(), worker.aliveAt(now) || worker.id().equals(selfId)))
                .sorted(Comparator.comparingDouble(WorkerFill::fill).reversed().thenComparing(WorkerFill::id))
                .toList();
        return new ClusterStatus(registry.placements().lastRound().orElse(null), workers);
    }

    public ClusterSegmentPage segments(String schema, String after, int limit) {
        SegmentPage page = registry.segmentsOfSchema(schema, after, limit);
        List<SegmentId> ids = page.segments().stream().map(SegmentRecord::id).toList();
        Map<SegmentId, List<Replica>> replicas = registry.placements().replicasOf(ids);
        Map<String, Lease> leases = registry.leases().current(ids.stream().map(LeaseName::write).toList());
        Map<String, WorkerRecord> live = liveWorkers();
        Instant now = registry.now();
        List<ClusterSegment> segments = new ArrayList<>(ids.size());
        for (SegmentRecord record : page.segments()) {
            Lease lease = leases.get(LeaseName.write(record.id()));
            WorkerRecord holder = lease != null && lease.liveAt(now) ? live.get(lease.holder()) : null;
            String writer = holder == null ? null : holder.url();
            segments.add(new ClusterSegment(record.id(), schema, answering(record, writer, replicas.getOrDefault(record.id(), List.of()), live), writer));
        }
        return new ClusterSegmentPage(segments, page.next());
    }

    /**
     * The writer, then replicas at the promoted generation, least loaded first (a client that must pick a new
     * writer takes the first), then older ones.
     */
    private List<String> answering(SegmentRecord record, String writer, List<Replica> replicas, Map<String, WorkerRecord> live) {
        List<String> urls = new ArrayList<>();
        if (writer != null) urls.add(writer);
        replicas.stream()
                .filter(replica -> live.containsKey(replica.worker()))
                .sorted(Comparator.comparing((Replica replica) -> replica.generation() < record.generation())
                        .thenComparingDouble(replica -> live.get(replica.worker()).load())
                        .thenComparing(Replica::worker))
                .map(replica -> live.get(replica.worker()).url())
                .filter(url -> !urls.contains(url))
                .forEach(urls::add);
        // A file in this worker's directory is served even before it was reported (dropped in by hand).
        if (!urls.contains(selfUrl) && servedHere.test(record.id())) urls.add(selfUrl);
        return urls;
    }

    /** Live workers by id; this worker counts as live while it answers this very request. */
    private Map<String, WorkerRecord> liveWorkers() {
        Instant now = registry.now();
        Map<String, WorkerRecord> live = new LinkedHashMap<>();
        for (WorkerRecord worker : registry.workers().all()) {
            if (worker.aliveAt(now) || worker.id().equals(selfId)) live.put(worker.id(), worker);
        }
        return live;
    }
}
