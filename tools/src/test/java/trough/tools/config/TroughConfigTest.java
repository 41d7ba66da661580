package trough.tools.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Tier;
import trough.sync.master.MasterSettings;
import trough.worker.WorkerConfig;

class TroughConfigTest {
    @TempDir
    Path dir;

    @Test
    void theFileSetsAWorkerAndTheEnvironmentOverridesIt() throws Exception {
        Path file = Files.writeString(dir.resolve("node.properties"), """
                registry = embedded:/var/trough/registry
                storage = hdfs://namenode:8020/trough
                worker.id = w7
                worker.port = 7000
                worker.data = /var/trough/segments
                worker.capacity = 2g
                worker.tier = cold
                worker.heartbeatInterval = 500ms
                worker.heartbeatTtl = PT3S
                worker.promoteEvery = 5m
                agent.parallelism = 8
                replicas = 3
                """);
        TroughConfig config = TroughConfig.load(file, Map.of("TROUGH_WORKER_PORT", "7100", "TROUGH_WORKER_HEARTBEAT_TTL", "4s"));
        WorkerConfig worker = NodeSettings.worker(config);
        assertEquals(7100, worker.port(), "the environment wins");
        assertEquals(Path.of("/var/trough/segments"), worker.dataDir());
        assertEquals(URI.create("hdfs://namenode:8020/trough"), worker.storage());
        assertEquals("w7", worker.membership().workerId());
        assertEquals(2L << 30, worker.membership().capacityBytes());
        assertEquals(Tier.COLD, worker.membership().tier());
        assertEquals(Duration.ofMillis(500), worker.membership().heartbeatInterval());
        assertEquals(Duration.ofSeconds(4), worker.membership().heartbeatTtl());
        assertEquals(Duration.ofMinutes(5), worker.membership().promoteEvery());
        assertEquals(8, worker.agent().parallelism());
        assertEquals(3, worker.agent().replicas());
        assertEquals("127.0.0.1", worker.host(), "unset keys keep their defaults");
    }

    @Test
    void aSyncServerReadsItsOwnKeys() {
        TroughConfig config = TroughConfig.load(null, Map.of("TROUGH_SYNC_LEASE_TTL", "9s", "TROUGH_REPLICAS", "1", "TROUGH_SYNC_GRACE", "1m"));
        MasterSettings master = NodeSettings.master(config, "sync-host-1");
        assertEquals("sync-host-1", master.syncId());
        assertEquals(Duration.ofSeconds(9), master.leaseTtl());
        assertEquals(1, master.replicas());
        assertEquals(Duration.ofMinutes(1), master.grace());
        assertNull(NodeSettings.worker(TroughConfig.of(Map.of(ConfigKey.WORKER_DATA, "/d"))).storage());
    }

    @Test
    void mistakesAreNamedWithTheirKeyAndWhereTheyCameFrom() throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.properties"), "worker.prot = 7000\n");
        ConfigException unknown = assertThrows(ConfigException.class, () -> TroughConfig.load(typo, Map.of()));
        assertEquals("unknown key 'worker.prot' in " + typo + "; the keys are " + ConfigKey.names(), unknown.getMessage());

        TroughConfig badDuration = TroughConfig.load(null, Map.of("TROUGH_WORKER_HEARTBEAT_INTERVAL", "soon", "TROUGH_WORKER_DATA", "/d"));
        ConfigException duration = assertThrows(ConfigException.class, () -> NodeSettings.worker(badDuration));
        assertEquals("'worker.heartbeatInterval' = 'soon' (from environment variable TROUGH_WORKER_HEARTBEAT_INTERVAL) is not a duration "
                + "such as 500ms, 2s, 5m or PT2S", duration.getMessage());

        ConfigException size = assertThrows(ConfigException.class,
                () -> NodeSettings.worker(TroughConfig.of(Map.of(ConfigKey.WORKER_DATA, "/d", ConfigKey.WORKER_CAPACITY, "lots"))));
        assertEquals("'worker.capacity' = 'lots' (from the command line) is not a size such as 1048576, 512k, 100m or 2g", size.getMessage());

        ConfigException missing = assertThrows(ConfigException.class, () -> NodeSettings.worker(TroughConfig.load(null, Map.of())));
        assertEquals("'worker.data' is not set; put it in the config file or set TROUGH_WORKER_DATA", missing.getMessage());

        ConfigException storage = assertThrows(ConfigException.class,
                () -> NodeSettings.worker(TroughConfig.of(Map.of(ConfigKey.WORKER_DATA, "/d", ConfigKey.STORAGE, "/no/scheme"))));
        assertEquals("'storage' = '/no/scheme' (from the command line) is not a URI with a scheme, such as hdfs://namenode:8020/trough or file:///var/trough",
                storage.getMessage());

        ConfigException registry = assertThrows(ConfigException.class, () -> RegistryLocation.open("rethinkdb://db1:28015/trough?replica=3"));
        assertTrue(registry.getMessage().startsWith("registry: unknown parameter 'replica' in 'rethinkdb://db1:28015/trough?replica=3'; known: "),
                registry.getMessage());
    }

    @Test
    void aNodeWithBadSettingsStopsWithOneLineSayingWhatToFix() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.properties"), "registry = embedded:" + dir.resolve("r") + "\nworker.data = "
                + dir.resolve("d") + "\nworker.heartbeatInterval = 10s\nworker.heartbeatTtl = 5s\n");
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = trough.tools.TroughCommand.commandLine().setErr(new java.io.PrintWriter(err, true)).execute("worker", "--config", file.toString());
        assertEquals(2, exit);
        assertEquals("trough worker: heartbeatTtl (PT5S) must be longer than heartbeatInterval (PT10S)", err.toString().strip());
    }

    @Test
    void aRegistryThatCannotBeReachedIsOneLineSayingWhereAndWhatToDo() {
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = trough.tools.TroughCommand.commandLine().setErr(new java.io.PrintWriter(err, true))
                .execute("local", "--data", dir.resolve("data").toString(), "--registry", "rethinkdb://ops:secret@127.0.0.1:1/trough?timeout=2s", "--exit");
        assertEquals(1, exit, err.toString());
        String said = err.toString().strip();
        assertTrue(said.startsWith("trough local: RethinkDB registry rethinkdb://127.0.0.1:1/trough: no server accepted a connection"), said);
        assertTrue(said.contains("Start RethinkDB there") && !said.contains("secret") && !said.contains("\tat "), said);
    }

    @Test
    void everyKeyIsDocumentedInTheExampleFile() throws Exception {
        String example = Files.readString(Path.of("..", "conf", "trough.properties"));
        for (String key : ConfigKey.names()) {
            assertTrue(java.util.regex.Pattern.compile("(?m)^#? ?" + java.util.regex.Pattern.quote(key) + " = ").matcher(example).find(),
                    "conf/trough.properties documents " + key);
        }
    }
}
