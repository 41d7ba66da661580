package trough.tools.config;

import java.nio.file.Path;
import java.util.Locale;
import trough.core.registry.Tier;
import trough.sync.agent.AgentSettings;
import trough.sync.master.MasterSettings;
import trough.worker.WorkerConfig;
import trough.worker.admission.AdmissionSettings;
import trough.worker.cluster.Membership;
import trough.worker.security.SecuritySettings;
import trough.worker.security.TlsSettings;

/** The settings of a worker or a sync server, read from a {@link TroughConfig} over the built-in defaults. */
public final class NodeSettings {
    private NodeSettings() {}

    public static WorkerConfig worker(TroughConfig config) {
        WorkerConfig defaults = WorkerConfig.defaults(Path.of(config.required(ConfigKey.WORKER_DATA)));
        Membership membership = defaults.membership();
        membership = new Membership(config.string(ConfigKey.WORKER_ID, null),
                config.bytes(ConfigKey.WORKER_CAPACITY, membership.capacityBytes()),
                tier(config),
                config.duration(ConfigKey.WORKER_HEARTBEAT_INTERVAL, membership.heartbeatInterval()),
                config.duration(ConfigKey.WORKER_HEARTBEAT_TTL, membership.heartbeatTtl()),
                config.duration(ConfigKey.WORKER_WRITE_LEASE_TTL, membership.writeLeaseTtl()),
                config.duration(ConfigKey.WORKER_PROMOTE_EVERY, membership.promoteEvery()),
                config.string(ConfigKey.WRITE_DURABILITY, null));
        return new WorkerConfig(config.string(ConfigKey.WORKER_HOST, defaults.host()),
                config.integer(ConfigKey.WORKER_PORT, defaults.port()),
                defaults.dataDir(),
                config.string(ConfigKey.WORKER_PUBLIC_URL, null),
                config.bytes(ConfigKey.WORKER_MAX_BODY, defaults.maxBodyBytes()),
                config.duration(ConfigKey.WORKER_QUERY_TIMEOUT, defaults.queryTimeout()),
                config.integer(ConfigKey.WORKER_QUERY_THREADS, defaults.queryThreads()),
                config.integer(ConfigKey.WORKER_MAX_OPEN_CONNECTIONS, defaults.maxOpenConnections()),
                membership,
                config.uri(ConfigKey.STORAGE),
                agent(config),
                security(config),
                admission(config));
    }

    public static SecuritySettings security(TroughConfig config) {
        TlsSettings tls = null;
        try {
            if (config.has(ConfigKey.TLS_KEYSTORE)) {
                tls = TlsSettings.keystore(config.path(ConfigKey.TLS_KEYSTORE), config.string(ConfigKey.TLS_KEYSTORE_PASSWORD, ""));
            } else if (config.has(ConfigKey.TLS_CERTIFICATE) || config.has(ConfigKey.TLS_KEY)) {
                tls = new TlsSettings(config.path(ConfigKey.TLS_CERTIFICATE), config.path(ConfigKey.TLS_KEY), null, null);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new SecuritySettings(config.path(ConfigKey.SECURITY_TOKENS_FILE), config.path(ConfigKey.SECURITY_AUDIT_LOG),
                config.flag(ConfigKey.SECURITY_INSECURE), tls);
    }

    public static AdmissionSettings admission(TroughConfig config) {
        AdmissionSettings defaults = AdmissionSettings.defaults();
        try {
            return new AdmissionSettings(config.integer(ConfigKey.ADMISSION_MAX_RUNNING, defaults.maxRunning()),
                    config.integer(ConfigKey.ADMISSION_QUEUE_LENGTH, defaults.queueLength()),
                    config.duration(ConfigKey.ADMISSION_QUEUE_WAIT, defaults.queueWait()),
                    config.decimal(ConfigKey.ADMISSION_RATE_PER_SECOND, defaults.ratePerSecond()),
                    config.integer(ConfigKey.ADMISSION_BURST, defaults.burst()),
                    config.bytes(ConfigKey.LIMITS_MAX_RESULT_ROWS, defaults.maxResultRows()),
                    config.bytes(ConfigKey.LIMITS_MAX_RESULT_BYTES, defaults.maxResultBytes()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public static AgentSettings agent(TroughConfig config) {
        AgentSettings defaults = AgentSettings.defaults();
        return new AgentSettings(config.duration(ConfigKey.AGENT_INTERVAL, defaults.interval()),
                config.integer(ConfigKey.AGENT_PARALLELISM, defaults.parallelism()),
                config.integer(ConfigKey.REPLICAS, defaults.replicas()),
                config.integer(ConfigKey.AGENT_ATTEMPTS, defaults.attempts()),
                defaults.followChanges());
    }

    public static MasterSettings master(TroughConfig config, String fallbackId) {
        MasterSettings defaults = MasterSettings.defaults(config.string(ConfigKey.SYNC_ID, fallbackId));
        return new MasterSettings(defaults.syncId(),
                config.duration(ConfigKey.SYNC_LEASE_TTL, defaults.leaseTtl()),
                config.duration(ConfigKey.SYNC_INTERVAL, defaults.interval()),
                config.integer(ConfigKey.REPLICAS, defaults.replicas()),
                config.duration(ConfigKey.SYNC_GRACE, defaults.grace()));
    }

    private static Tier tier(TroughConfig config) {
        String value = config.string(ConfigKey.WORKER_TIER, "hot");
        try {
            return Tier.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("'worker.tier' = '" + value + "' is not hot or cold");
        }
    }
}
