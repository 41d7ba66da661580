package trough.tools.node;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import trough.core.registry.Registry;
import trough.tools.config.ConfigKey;
import trough.tools.config.NodeSettings;
import trough.tools.config.RegistryLocation;
import trough.tools.config.TroughConfig;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/** {@code trough worker}: one worker of a cluster, with its local sync agent, until stopped. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Runs one worker: serves its segments over HTTP, heartbeats to the registry, and (with 'storage' set) "
                + "fetches the segments the sync master assigns it. Settings: --config FILE (keys in conf/trough.properties), "
                + "each overridable by an environment variable (worker.port by TROUGH_WORKER_PORT)."})
public final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--config", description = "the properties file with this node's settings")
    Path config;

    @Option(names = "--insecure", description = "serve a non-loopback address without tokens: anyone who reaches it may read, write and delete")
    boolean insecure;

    @Override
    public Integer call() throws Exception {
        TroughConfig settings = TroughConfig.load(config, System.getenv());
        WorkerConfig workerConfig = NodeSettings.worker(settings);
        if (insecure) workerConfig = workerConfig.withSecurity(workerConfig.security().withInsecure(true));
        try (Registry registry = RegistryLocation.open(settings.required(ConfigKey.REGISTRY));
             WorkerServer worker = WorkerServer.start(workerConfig, registry)) {
            System.out.printf("trough worker %s serving %s on %s (storage: %s; %s)%n", worker.workerId(), workerConfig.dataDir().toAbsolutePath(),
                    worker.url(), workerConfig.storage() == null ? "none, segments are never promoted" : workerConfig.storage(),
                    workerConfig.security().tokensFile() == null ? "no tokens: open to every caller" : "tokens from " + workerConfig.security().tokensFile());
            System.out.flush();
            UntilStopped.await();
        }
        return 0;
    }
}
