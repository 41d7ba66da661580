package trough.core.client.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import trough.core.api.ClusterMap;
import trough.core.api.ClusterSegment;
import trough.core.api.ClusterSegmentPage;
import trough.core.client.TroughQueryException;
import trough.core.client.WorkerClient;
import trough.core.client.WorkerException;
import trough.core.segment.SegmentId;

/**
 * A driver's view of one cluster: the cluster map, fetched from the first listed node that answers and
 * cached under its version, and each schema's segments, fetched in pages when a query first needs them
 * and fetched again when the version changes. The version is checked at most once per {@code recheckMillis}.
 */
public final class ClusterConnection {
    private static final int PAGE = 5_000;

    private final OkHttpClient http;
    private final List<String> nodes;
    private final long recheckMillis;
    private ClusterMap map;
    private long checkedAt;
    private final Map<String, Map<SegmentId, ClusterSegment>> segmentsBySchema = new LinkedHashMap<>();
    /** The write-lease epoch this connection last wrote each segment under: its next write presents it. */
    private final Map<SegmentId, Long> writeEpochs = new HashMap<>();

    public ClusterConnection(OkHttpClient http, List<String> nodes, long recheckMillis) {
        this.http = http;
        this.nodes = List.copyOf(nodes);
        this.recheckMillis = recheckMillis;
    }

    public OkHttpClient http() {
        return http;
    }

    public WorkerClient worker(String url) {
        return WorkerClient.sharing(http, url);
    }

    /** The current cluster map; asks a node again when the last look is older than the recheck interval. */
    public synchronized ClusterMap map() {
        long now = System.currentTimeMillis();
        if (map == null || now - checkedAt >= recheckMillis) {
            ClusterMap fresh = fetchMap();
            if (map != null && !map.version().equals(fresh.version())) segmentsBySchema.clear();
            map = fresh;
            checkedAt = now;
        }
        return map;
    }

    /** The schema's segments by id, in id order. */
    public synchronized Map<SegmentId, ClusterSegment> segments(String schema) {
        map();
        return segmentsBySchema.computeIfAbsent(schema, this::fetchSegments);
    }

    /** Reads the cluster map and the schema's segments again now, after a worker was found unreachable. */
    public synchronized void refresh(String schema) {
        checkedAt = 0;
        map = null;
        segmentsBySchema.remove(schema);
    }

    /** The epoch to present when writing the segment, or null before the first write. */
    public synchronized Long writeEpoch(SegmentId segment) {
        return writeEpochs.get(segment);
    }

    /** Remembers the epoch a write committed under (null forgets it). */
    public synchronized void wroteUnder(SegmentId segment, Long epoch) {
        if (epoch == null) writeEpochs.remove(segment);
        else writeEpochs.put(segment, epoch);
    }

    /** Forgets what it knows of the schema's segments, after this connection created one. */
    public synchronized void forget(String schema) {
        segmentsBySchema.remove(schema);
    }

    private Map<SegmentId, ClusterSegment> fetchSegments(String schema) {
        List<WorkerException> failures = new ArrayList<>();
        for (String node : nodes) {
            try {
                Map<SegmentId, ClusterSegment> segments = new LinkedHashMap<>();
                String after = null;
                do {
                    ClusterSegmentPage page = worker(node).clusterSegments(schema, after, PAGE);
                    for (ClusterSegment segment : page.segments()) segments.put(segment.id(), segment);
                    after = page.next();
                } while (after != null);
                return segments;
            } catch (WorkerException e) {
                failures.add(e);
            }
        }
        throw unreachable("the segments of schema " + schema, failures);
    }

    private ClusterMap fetchMap() {
        List<WorkerException> failures = new ArrayList<>();
        for (String node : nodes) {
            try {
                return worker(node).clusterMap();
            } catch (WorkerException e) {
                failures.add(e);
            }
        }
        throw unreachable("the cluster map", failures);
    }

    private TroughQueryException unreachable(String what, List<WorkerException> failures) {
        StringBuilder message = new StringBuilder("no node of the cluster answered with ").append(what).append(":");
        for (WorkerException failure : failures) message.append("\n  ").append(failure.getMessage());
        message.append("\ncheck that at least one of ").append(nodes).append(" runs, or list more nodes in the URL");
        return new TroughQueryException(message.toString(), failures.isEmpty() ? null : failures.get(0));
    }
}
