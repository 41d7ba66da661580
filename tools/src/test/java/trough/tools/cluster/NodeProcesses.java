package trough.tools.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import trough.core.registry.Registry;
import trough.core.registry.WorkerRecord;
import trough.sync.registry.EmbeddedRegistry;

/**
 * Workers and sync servers as real processes ({@code trough worker}, {@code trough sync}) over one embedded
 * registry and one durable storage, with timings short enough for tests. Killing one is a SIGKILL: it gets
 * no chance to hand back its leases.
 */
final class NodeProcesses implements AutoCloseable {
    private final Path dir;
    private final URI storage;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    final Registry registry;

    NodeProcesses(Path dir, URI storage) {
        this.dir = dir;
        this.storage = storage;
        this.registry = EmbeddedRegistry.open(dir.resolve("registry"));
    }

    Path dataDir(String workerId) {
        return dir.resolve(workerId);
    }

    /** Starts {@code trough worker} and waits until it heartbeats; answers its URL. */
    String startWorker(String id) {
        return startWorker(id, dataDir(id));
    }

    String startWorker(String id, Path data) {
        start(id, "worker", Map.of("worker.id", id, "worker.port", "0", "worker.data", data.toString(),
                "worker.heartbeatInterval", "200ms", "worker.heartbeatTtl", "1s", "worker.writeLeaseTtl", "2s",
                "agent.interval", "300ms"));
        Instant started = Instant.now();
        awaitTrue("worker " + id + " to heartbeat", Duration.ofSeconds(60),
                () -> registry.workers().worker(id).filter(w -> w.heartbeatAt().isAfter(started)).isPresent());
        return registry.workers().worker(id).map(WorkerRecord::url).orElseThrow();
    }

    void startSync(String id) {
        start(id, "sync", Map.of("sync.id", id, "sync.leaseTtl", "1s", "sync.interval", "250ms", "sync.grace", "1500ms"));
    }

    private void start(String id, String command, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("registry", "embedded:" + dir.resolve("registry"));
        all.put("storage", storage.toString());
        all.put("replicas", "2");
        StringBuilder text = new StringBuilder();
        all.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        try {
            Path config = Files.writeString(dir.resolve(id + ".properties"), text, StandardCharsets.UTF_8);
            List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), "trough.tools.TroughCommand", command, "--config", config.toString()));
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(dir.resolve(id + ".log").toFile()).start();
            processes.put(id, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " " + id, e);
        }
    }

    /** SIGKILL: the node stops at once, holding whatever leases it held. */
    void kill(String id) throws InterruptedException {
        Process process = processes.remove(id);
        process.destroyForcibly();
        process.waitFor();
    }

    String log(String id) {
        try {
            return Files.readString(dir.resolve(id + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited " + timeout + " for " + what);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process process : processes.values()) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        registry.close();
    }
}
