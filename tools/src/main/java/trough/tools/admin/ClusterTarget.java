package trough.tools.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import trough.core.api.ClusterSegment;
import trough.core.api.ClusterSegmentPage;
import trough.core.api.ClusterStatus;
import trough.core.api.SegmentInfo;
import trough.core.client.TroughQueryException;
import trough.core.client.WorkerClient;
import trough.core.client.WorkerException;
import trough.core.client.cluster.ClusterConnection;
import trough.core.client.cluster.ClusterSegmentWriter;
import trough.core.client.write.SegmentWriter;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.jdbc.ClusterHttp;

/** A cluster reached through any of its workers over HTTP. */
public final class ClusterTarget implements SegmentTarget {
    private static final int PAGE = 1000;

    private final List<String> nodes;
    private final ClusterConnection cluster;

    /** The workers of {@code reach}, tried in order, with its credentials and TLS. */
    public ClusterTarget(ClusterHttp reach) {
        this.nodes = reach.nodes();
        this.cluster = new ClusterConnection(reach.client(), this.nodes, 500);
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:trough://" + String.join(",", nodes.stream().map(n -> n.replaceFirst("^https?://", "")).toList());
    }

    @Override
    public String describe() {
        return "the cluster at " + String.join(", ", nodes);
    }

    @Override
    public List<SchemaDefinition> schemas() {
        return call(null, () -> any().schemas());
    }

    @Override
    public boolean registerSchema(String name, String ddl) {
        boolean isNew = schema(name).isEmpty();
        call(null, () -> {
            any().putSchema(new SchemaDefinition(name, ddl));
            return null;
        });
        return isNew;
    }

    @Override
    public ClusterStatus clusterStatus() {
        return call(null, () -> any().clusterStatus());
    }

    @Override
    public List<SegmentListing> segments(Pattern pattern, boolean withRows) {
        List<ClusterSegment> found = new ArrayList<>();
        for (SchemaDefinition schema : schemas()) {
            String after = null;
            do {
                String from = after;
                ClusterSegmentPage page = call(null, () -> any().clusterSegments(schema.name(), from, PAGE));
                for (ClusterSegment segment : page.segments()) {
                    if (pattern == null || pattern.matcher(segment.id().value()).find()) found.add(segment);
                }
                after = page.next();
            } while (after != null);
        }
        found.sort((a, b) -> a.id().compareTo(b.id()));
        Map<SegmentId, SegmentInfo> infos = new HashMap<>();
        for (String worker : found.stream().filter(s -> !s.replicas().isEmpty()).map(s -> s.replicas().get(0)).distinct().toList()) {
            try {
                for (SegmentInfo info : cluster.worker(worker).segments(null, withRows)) infos.putIfAbsent(info.id(), info);
            } catch (WorkerException e) {
                // Its segments show without size; the listing itself still answers.
            }
        }
        return found.stream().map(s -> {
            SegmentInfo info = infos.get(s.id());
            return new SegmentListing(s.id().value(), s.schema(), info == null ? -1 : info.sizeBytes(), info == null ? null : info.rows(),
                    s.replicas(), s.writer());
        }).toList();
    }

    @Override
    public SegmentWriter writer(String schema) {
        if (schema == null) throw new TargetException("writes to a cluster need a schema: name one with --schema");
        return new TargetSegmentWriter(new ClusterSegmentWriter(cluster, schema), segment -> { });
    }

    @Override
    public String promote(String segment) {
        ClusterSegment known = find(segment);
        String worker = known.writer() != null ? known.writer() : known.replicas().isEmpty() ? null : known.replicas().get(0);
        if (worker == null) throw new TargetException("segment " + segment + " has no live worker to promote it; start one that holds it");
        Map<String, Object> stored = call(segment, () -> cluster.worker(worker).promote(SegmentId.of(segment)));
        return "promoted " + segment + ": generation " + stored.get("generation") + ", " + stored.get("sizeBytes") + " bytes at "
                + stored.get("remotePath");
    }

    @Override
    public void shred(String segment) {
        ClusterSegment known = find(segment);
        String worker = known.writer() != null ? known.writer() : known.replicas().isEmpty() ? any().url() : known.replicas().get(0);
        call(segment, () -> {
            cluster.worker(worker).deleteSegment(SegmentId.of(segment));
            return null;
        });
        cluster.forget(known.schema());
    }

    private ClusterSegment find(String segment) {
        SegmentId id = SegmentId.isValid(segment) ? SegmentId.of(segment) : null;
        for (SchemaDefinition schema : schemas()) {
            ClusterSegment known = id == null ? null : call(segment, () -> cluster.segments(schema.name())).get(id);
            if (known != null) return known;
        }
        throw new TargetException("no segment " + segment + " in " + describe() + "; SHOW SEGMENTS lists them");
    }

    /** A live worker: all of them answer for the registry. */
    private WorkerClient any() {
        List<String> workers = call(null, () -> cluster.map().workers());
        return cluster.worker(workers.isEmpty() ? nodes.get(0) : workers.get(0));
    }

    private interface Call<T> {
        T run() throws WorkerException;
    }

    private <T> T call(String segment, Call<T> call) {
        try {
            return call.run();
        } catch (WorkerException e) {
            throw new TargetException(e.getMessage(), e);
        } catch (TroughQueryException e) {
            throw new TargetException(e.getMessage() + (segment == null ? "" : " (segment " + segment + ")"), e);
        }
    }

    @Override
    public void close() {
        // The HTTP client's threads are daemons and idle connections time out.
    }
}
