package trough.tools.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import trough.core.registry.Registry;
import trough.core.registry.WorkerRecord;
import trough.registry.embedded.EmbeddedRegistry;

/**
 * Workers and sync servers as real processes ({@code trough worker}, {@code trough sync}) over one embedded
 * registry and one durable storage, with timings short enough for tests. Killing one is a SIGKILL: it gets
 * no chance to hand back its leases; stopping one is a SIGTERM, after which it shuts down as an operator's
 * {@code kill} would have it do. A stopped or killed worker restarts from the same config file.
 */
final class NodeProcesses implements AutoCloseable {
    /** How long a worker that stopped heartbeating still counts as alive. */
    static final Duration HEARTBEAT_TTL = Duration.ofSeconds(1);
    /** How long a write lease lasts unless its holder renews it. */
    static final Duration WRITE_LEASE_TTL = Duration.ofSeconds(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final URI storage;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Path> dataDirs = new LinkedHashMap<>();
    final Registry registry;

    NodeProcesses(Path dir, URI storage) {
        this.dir = dir;
        this.storage = storage;
        this.registry = EmbeddedRegistry.open(dir.resolve("registry"));
    }

    Path dataDir(String workerId) {
        return dataDirs.getOrDefault(workerId, dir.resolve(workerId));
    }

    /** Starts {@code trough worker} and waits until it heartbeats; answers its URL. */
    String startWorker(String id) {
        return startWorker(id, dataDir(id));
    }

    String startWorker(String id, Path data) {
        return startWorkers(Map.of(id, Map.of("worker.data", data.toString()))).get(0);
    }

    /**
     * Starts several workers at once and waits until all heartbeat; answers their URLs in the map's order. Each
     * one's settings are added to (or replace) the test timings: e.g. a fixed {@code worker.port} (see
     * {@link #freePort}), so that a restart from the same config answers at the same URL, as a restarted machine
     * would.
     */
    List<String> startWorkers(Map<String, Map<String, String>> settingsById) {
        Instant started = Instant.now();
        for (Map.Entry<String, Map<String, String>> worker : settingsById.entrySet()) {
            String id = worker.getKey();
            Map<String, String> all = new LinkedHashMap<>(Map.of("worker.id", id, "worker.port", "0", "worker.data", dataDir(id).toString(),
                    "worker.heartbeatInterval", "200ms", "worker.heartbeatTtl", HEARTBEAT_TTL.toMillis() + "ms",
                    "worker.writeLeaseTtl", WRITE_LEASE_TTL.toMillis() + "ms", "agent.interval", "300ms"));
            all.putAll(worker.getValue());
            dataDirs.put(id, Path.of(all.get("worker.data")));
            writeConfig(id, "worker", all);
            launch(id, "worker");
        }
        List<String> urls = new ArrayList<>();
        for (String id : settingsById.keySet()) urls.add(awaitHeartbeat(id, started));
        return urls;
    }

    /** A loopback port free now, to start a worker on a port it keeps across restarts. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts a stopped or killed worker again from its config file, over whatever its data directory holds now. */
    String restartWorker(String id) {
        if (processes.containsKey(id)) throw new IllegalStateException("worker " + id + " is still running");
        return launchWorker(id);
    }

    /** Deletes a stopped or killed worker's data directory, as if its disk was lost. */
    void deleteDataDir(String workerId) throws IOException {
        if (processes.containsKey(workerId)) throw new IllegalStateException("worker " + workerId + " is still running");
        Path data = dataDir(workerId);
        if (!Files.exists(data)) return;
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
        }
    }

    private String launchWorker(String id) {
        Instant started = Instant.now();
        launch(id, "worker");
        return awaitHeartbeat(id, started);
    }

    private String awaitHeartbeat(String id, Instant started) {
        awaitTrue("worker " + id + " to heartbeat", Duration.ofSeconds(120),
                () -> registry.workers().worker(id).filter(w -> w.heartbeatAt().isAfter(started)).isPresent());
        return registry.workers().worker(id).map(WorkerRecord::url).orElseThrow();
    }

    void startSync(String id) {
        writeConfig(id, "sync", Map.of("sync.id", id, "sync.leaseTtl", "1s", "sync.interval", "250ms", "sync.grace", "1500ms"));
        launch(id, "sync");
    }

    private void writeConfig(String id, String command, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("registry", "embedded:" + dir.resolve("registry"));
        all.put("storage", storage.toString());
        all.put("replicas", "2");
        StringBuilder text = new StringBuilder();
        all.forEach((key, value) -> text.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        try {
            Files.writeString(config(id), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the config of " + command + " " + id, e);
        }
    }

    private Path config(String id) {
        return dir.resolve(id + ".properties");
    }

    private void launch(String id, String command) {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "trough.tools.TroughCommand", command, "--config", config(id).toString()));
        try {
            // Appended: a restarted node's log follows the one of its previous life.
            Process process = new ProcessBuilder(line).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(id + ".log").toFile())).start();
            processes.put(id, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " " + id, e);
        }
    }

    /** SIGTERM, then waits for the node to exit: it closes its servers and hands its leases back on the way. */
    void stop(String id) throws InterruptedException {
        Process process = processes.remove(id);
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new AssertionError(id + " did not exit within " + STOP_TIMEOUT + " of SIGTERM; it was killed. Its log:\n" + log(id));
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
