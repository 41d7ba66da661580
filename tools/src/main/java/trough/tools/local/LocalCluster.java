package trough.tools.local;

import java.nio.file.Path;
import trough.core.registry.Registry;
import trough.sync.registry.EmbeddedRegistry;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/**
 * A whole cluster in one process: the embedded registry and one worker serving a data directory. The
 * registry lives in {@code <data>/.trough/} so that it is never mistaken for a segment file.
 */
public final class LocalCluster implements AutoCloseable {
    private final Registry registry;
    private final WorkerServer worker;
    private final int registered;

    private LocalCluster(Registry registry, WorkerServer worker, int registered) {
        this.registry = registry;
        this.worker = worker;
        this.registered = registered;
    }

    public static Path registryDir(Path dataDir) {
        return dataDir.resolve(".trough");
    }

    public static LocalCluster start(WorkerConfig config) {
        Registry registry = EmbeddedRegistry.open(registryDir(config.dataDir()));
        try {
            WorkerServer worker = WorkerServer.start(config, registry);
            return new LocalCluster(registry, worker, worker.registeredAtStart());
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    public Registry registry() {
        return registry;
    }

    public WorkerServer worker() {
        return worker;
    }

    /** Segment files found in the data directory at start that the registry did not know. */
    public int newlyRegistered() {
        return registered;
    }

    @Override
    public void close() {
        worker.close();
        registry.close();
    }
}
