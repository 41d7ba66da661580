package trough.tools.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every key a Trough config file may hold (conf/trough.properties documents each). A key is overridden by
 * the environment variable named after it: {@code worker.port} by {@code TROUGH_WORKER_PORT}.
 */
public enum ConfigKey {
    REGISTRY("registry"),
    STORAGE("storage"),
    WORKER_ID("worker.id"),
    WORKER_HOST("worker.host"),
    WORKER_PORT("worker.port"),
    WORKER_PUBLIC_URL("worker.publicUrl"),
    WORKER_DATA("worker.data"),
    WORKER_CAPACITY("worker.capacity"),
    WORKER_TIER("worker.tier"),
    WORKER_HEARTBEAT_INTERVAL("worker.heartbeatInterval"),
    WORKER_HEARTBEAT_TTL("worker.heartbeatTtl"),
    WORKER_WRITE_LEASE_TTL("worker.writeLeaseTtl"),
    WORKER_PROMOTE_EVERY("worker.promoteEvery"),
    WRITE_DURABILITY("write.durability"),
    WORKER_QUERY_TIMEOUT("worker.queryTimeout"),
    WORKER_QUERY_THREADS("worker.queryThreads"),
    WORKER_MAX_OPEN_CONNECTIONS("worker.maxOpenConnections"),
    WORKER_MAX_BODY("worker.maxBody"),
    SECURITY_TOKENS_FILE("security.tokensFile"),
    SECURITY_AUDIT_LOG("security.auditLog"),
    SECURITY_INSECURE("security.insecure"),
    TLS_CERTIFICATE("tls.certificate"),
    TLS_KEY("tls.key"),
    TLS_KEYSTORE("tls.keystore"),
    TLS_KEYSTORE_PASSWORD("tls.keystorePassword"),
    ADMISSION_MAX_RUNNING("admission.maxRunning"),
    ADMISSION_QUEUE_LENGTH("admission.queueLength"),
    ADMISSION_QUEUE_WAIT("admission.queueWait"),
    ADMISSION_RATE_PER_SECOND("admission.ratePerSecond"),
    ADMISSION_BURST("admission.burst"),
    LIMITS_MAX_RESULT_ROWS("limits.maxResultRows"),
    LIMITS_MAX_RESULT_BYTES("limits.maxResultBytes"),
    AGENT_INTERVAL("agent.interval"),
    AGENT_PARALLELISM("agent.parallelism"),
    AGENT_ATTEMPTS("agent.attempts"),
    SYNC_ID("sync.id"),
    SYNC_LEASE_TTL("sync.leaseTtl"),
    SYNC_INTERVAL("sync.interval"),
    SYNC_GRACE("sync.grace"),
    REPLICAS("replicas");

    private final String key;

    ConfigKey(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The environment variable that overrides this key. */
    public String environmentVariable() {
        return "TROUGH_" + key.replace('.', '_').replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    static ConfigKey of(String key) {
        for (ConfigKey known : values()) {
            if (known.key.equals(key)) return known;
        }
        return null;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(ConfigKey::key).toList();
    }
}
