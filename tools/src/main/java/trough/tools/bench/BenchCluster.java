package trough.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import trough.core.client.WorkerClient;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.tools.config.RegistryLocation;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/**
 * The cluster the benchmark queries: W workers on loopback in this process, sharing an embedded registry,
 * each serving every W-th segment of the cached data (hard links, so the cache is never written to).
 */
final class BenchCluster implements AutoCloseable {
    private final Registry registry;
    private final List<WorkerServer> workers;
    private final OkHttpClient http = WorkerClient.defaultHttpClient();

    private BenchCluster(Registry registry, List<WorkerServer> workers) {
        this.registry = registry;
        this.workers = workers;
    }

    static BenchCluster start(BenchData data, int workerCount, Path scratch) throws IOException {
        Registry registry = RegistryLocation.embedded(scratch.resolve("registry"));
        registry.putSchema(SchemaValidator.validate(BenchData.SCHEMA.name(), BenchData.SCHEMA.sql()));
        List<SegmentRecord> records = new ArrayList<>();
        List<WorkerServer> workers = new ArrayList<>();
        List<SegmentId> ids = data.ids();
        for (int w = 0; w < workerCount; w++) {
            Path dir = Files.createDirectories(scratch.resolve("worker-" + w));
            for (int i = w; i < ids.size(); i += workerCount) {
                Path file = data.segments.resolve(ids.get(i).fileName());
                link(file, dir.resolve(file.getFileName()));
                records.add(SegmentRecord.local(ids.get(i), BenchData.SCHEMA.name(), Files.size(file)));
            }
        }
        registry.putSegments(records);
        for (int w = 0; w < workerCount; w++) {
            WorkerConfig config = WorkerConfig.defaults(scratch.resolve("worker-" + w)).withPort(0);
            workers.add(WorkerServer.start(config.withMembership(config.membership().withWorkerId("bench-" + w)), registry));
        }
        return new BenchCluster(registry, workers);
    }

    /**
     * A cluster with the benchmark's schema and no segments, whose workers keep durable copies and change logs
     * under {@code scratch}: where W1 writes, with {@code durability} {@code replicated} or {@code local}.
     */
    static BenchCluster forWrites(int workerCount, Path scratch, String durability) throws IOException {
        Registry registry = RegistryLocation.embedded(scratch.resolve("registry"));
        registry.putSchema(SchemaValidator.validate(BenchData.SCHEMA.name(), BenchData.SCHEMA.sql()));
        List<WorkerServer> workers = new ArrayList<>();
        try {
            for (int w = 0; w < workerCount; w++) {
                WorkerConfig config = WorkerConfig.defaults(scratch.resolve("worker-" + w)).withPort(0)
                        .withStorage(Files.createDirectories(scratch.resolve("durable")).toUri());
                workers.add(WorkerServer.start(config.withMembership(config.membership().withWorkerId("bench-" + w).withDurability(durability)), registry));
            }
        } catch (RuntimeException e) {
            workers.forEach(WorkerServer::close);
            registry.close();
            throw e;
        }
        return new BenchCluster(registry, workers);
    }

    private static void link(Path file, Path link) throws IOException {
        try {
            Files.createLink(link, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, link);
        }
    }

    String url() {
        return "jdbc:trough://" + String.join(",", workers.stream().map(w -> "127.0.0.1:" + w.port()).toList()) + "/" + BenchData.SCHEMA.name();
    }

    /** Bytes of query answers all workers have sent so far. */
    long bytesSent() {
        long total = 0;
        for (WorkerServer worker : workers) {
            try (Response response = http.newCall(new Request.Builder().url(worker.url() + "/metrics").build()).execute()) {
                for (String line : response.body().string().split("\n")) {
                    if (line.startsWith("trough_query_bytes_sent_total ")) total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return total;
    }

    @Override
    public void close() {
        for (WorkerServer worker : workers) worker.close();
        registry.close();
    }
}
