package trough.registry.rethinkdb;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A RethinkDB server the test starts itself, from the binary named by {@code TROUGH_TEST_RETHINKDB_SERVER}, on
 * loopback ports of its own and a data directory it is given, so that it can kill it (SIGKILL, as a crash) and
 * start it again on the same data. Without the variable the tests that need one are skipped, saying why.
 */
final class RethinkServerProcess implements ExecutionCondition, AutoCloseable {
    static final String VARIABLE = "TROUGH_TEST_RETHINKDB_SERVER";
    private static final long READY_MILLIS = 60_000;

    private final Path directory;
    private final int driverPort;
    private final int clusterPort;
    private Process process;

    /** For JUnit's {@code @ExtendWith} only. */
    RethinkServerProcess() {
        this.directory = null;
        this.driverPort = 0;
        this.clusterPort = 0;
    }

    private RethinkServerProcess(Path directory) throws IOException {
        this.directory = directory;
        this.driverPort = freePort();
        this.clusterPort = freePort();
    }

    static Optional<Path> binary() {
        return Optional.ofNullable(System.getenv(VARIABLE)).filter(value -> !value.isBlank()).map(Path::of);
    }

    /** A server on a new data directory under {@code parent}, started and ready. */
    static RethinkServerProcess start(Path parent) throws IOException, InterruptedException {
        RethinkServerProcess server = new RethinkServerProcess(parent.resolve("rethinkdb-data"));
        server.startAgain();
        return server;
    }

    /** Starts the server (again) on its data directory, and waits until it takes connections. */
    void startAgain() throws IOException, InterruptedException {
        Path log = directory.resolveSibling("rethinkdb-" + System.nanoTime() + ".log");
        process = new ProcessBuilder(List.of(binary().orElseThrow().toString(), "--directory", directory.toString(), "--bind", "127.0.0.1",
                "--driver-port", Integer.toString(driverPort), "--cluster-port", Integer.toString(clusterPort), "--no-http-admin"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.currentTimeMillis() + READY_MILLIS;
        while (!Files.exists(log) || !Files.readString(log).contains("Server ready")) {
            if (!process.isAlive()) throw new IllegalStateException("the RethinkDB server stopped at start:\n" + Files.readString(log));
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("the RethinkDB server was not ready within a minute:\n" + Files.readString(log));
            Thread.sleep(50);
        }
    }

    /** Kills the server at once (SIGKILL): whatever it had not written to disk is lost, as in a crash. */
    void crash() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("the RethinkDB server did not die");
    }

    String url(String database) {
        return RethinkLocation.SCHEME + "127.0.0.1:" + driverPort + "/" + database;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) crash();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (binary().isPresent()) return ConditionEvaluationResult.enabled("RethinkDB server binary " + binary().get());
        String reason = context.getDisplayName() + " SKIPPED: it starts and kills a RethinkDB server of its own; set " + VARIABLE
                + "=/path/to/rethinkdb to run it (docs/registry.md shows how to build one)";
        if (context.getTestMethod().isEmpty()) System.out.println("[WARNING] " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
