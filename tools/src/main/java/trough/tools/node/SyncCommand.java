package trough.tools.node;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import trough.core.registry.Registry;
import trough.sync.master.SyncMaster;
import trough.tools.config.ConfigKey;
import trough.tools.config.NodeSettings;
import trough.tools.config.RegistryLocation;
import trough.tools.config.TroughConfig;

/** {@code trough sync}: a sync server; the one holding the leader lease places segments on workers. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Runs a sync server. Several may run: one is master (a lease in the registry) and places every "
                + "promoted segment on 'replicas' workers; the others take over within about twice sync.leaseTtl if it stops. "
                + "Settings: --config FILE (keys in conf/trough.properties), each overridable by an environment variable."})
public final class SyncCommand implements Callable<Integer> {
    @Option(names = "--config", description = "the properties file with this node's settings")
    Path config;

    @Override
    public Integer call() throws Exception {
        TroughConfig settings = TroughConfig.load(config, System.getenv());
        String fallbackId = "sync-" + InetAddress.getLocalHost().getHostName() + "-" + ProcessHandle.current().pid();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (Registry registry = RegistryLocation.open(settings.required(ConfigKey.REGISTRY));
             SyncMaster master = new SyncMaster(registry, NodeSettings.master(settings, fallbackId))) {
            master.start(scheduler);
            System.out.printf("trough sync %s: bidding for mastership in registry %s%n", master.syncId(), RegistryLocation.describe(settings.required(ConfigKey.REGISTRY)));
            System.out.flush();
            UntilStopped.await();
        } finally {
            scheduler.shutdownNow();
        }
        return 0;
    }
}
