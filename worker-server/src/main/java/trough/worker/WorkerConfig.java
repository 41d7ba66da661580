package trough.worker;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import trough.sync.agent.AgentSettings;
import trough.worker.admission.AdmissionSettings;
import trough.worker.cluster.Membership;
import trough.worker.security.SecuritySettings;

/**
 * Settings of one worker server, validated when built.
 *
 * @param host               address to bind (loopback by default)
 * @param port               port to bind, 0 for any free port
 * @param dataDir            directory holding the segment files {@code <segment-id>.sqlite}
 * @param publicUrl          the URL others use to reach this worker (handed out by {@code /provision})
 * @param maxBodyBytes       largest request body accepted; larger ones get 413
 * @param queryTimeout       how long a read or write may run when the request asks for no other limit
 * @param queryThreads       threads running segment queries, shared by all requests; one request uses at most one
 *                           per core (a request for one segment runs it on its own thread, bounded by
 *                           {@code admission.maxRunning})
 * @param maxOpenConnections SQLite connections kept open across all segments (bounds open files)
 * @param membership         its name, capacity and timings in the cluster
 * @param storage            durable storage of promoted copies ({@code hdfs://...}, {@code file:///...}), or null
 *                           when segments are never promoted (a worker on its own)
 * @param agent              how the local sync agent fetches and drops segments (when there is storage)
 * @param security           tokens, audit log and TLS
 * @param admission          what it accepts under load
 */
public record WorkerConfig(String host, int port, Path dataDir, String publicUrl, long maxBodyBytes,
                           Duration queryTimeout, int queryThreads, int maxOpenConnections, Membership membership, URI storage, AgentSettings agent,
                           SecuritySettings security, AdmissionSettings admission) {
    public static final int DEFAULT_PORT = 6444;

    public WorkerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(admission, "admission");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, not " + port);
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("maxBodyBytes must be at least 1024, not " + maxBodyBytes);
        if (queryTimeout.isNegative() || queryTimeout.isZero()) throw new IllegalArgumentException("queryTimeout must be positive");
        if (queryThreads < 1) throw new IllegalArgumentException("queryThreads must be at least 1, not " + queryThreads);
        if (maxOpenConnections < 2) throw new IllegalArgumentException("maxOpenConnections must be at least 2, not " + maxOpenConnections);
    }

    /** Defaults for a worker on this machine serving {@code dataDir}. */
    public static WorkerConfig defaults(Path dataDir) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new WorkerConfig("127.0.0.1", DEFAULT_PORT, dataDir, null, 16L * 1024 * 1024,
                Duration.ofMinutes(5), Math.max(2, cores * 2), 512, Membership.defaults(), null, AgentSettings.defaults(),
                SecuritySettings.none(), AdmissionSettings.defaults());
    }

    public WorkerConfig withPort(int newPort) {
        return new WorkerConfig(host, newPort, dataDir, publicUrl, maxBodyBytes, queryTimeout, queryThreads, maxOpenConnections, membership, storage, agent, security, admission);
    }

    public WorkerConfig withHost(String newHost) {
        return new WorkerConfig(newHost, port, dataDir, publicUrl, maxBodyBytes, queryTimeout, queryThreads, maxOpenConnections, membership, storage, agent, security, admission);
    }

    public WorkerConfig withMaxBodyBytes(long bytes) {
        return new WorkerConfig(host, port, dataDir, publicUrl, bytes, queryTimeout, queryThreads, maxOpenConnections, membership, storage, agent, security, admission);
    }

    public WorkerConfig withQueryTimeout(Duration timeout) {
        return new WorkerConfig(host, port, dataDir, publicUrl, maxBodyBytes, timeout, queryThreads, maxOpenConnections, membership, storage, agent, security, admission);
    }

    public WorkerConfig withDataDir(Path newDataDir) {
        return new WorkerConfig(host, port, newDataDir, publicUrl, maxBodyBytes, queryTimeout, queryThreads, maxOpenConnections, membership, storage, agent, security, admission);
    }

    public WorkerConfig withMembership(Membership newMembership) {
        return new WorkerConfig(host, port, dataDir, publicUrl, maxBodyBytes, queryTimeout, queryThreads, maxOpenConnections, newMembership, storage, agent, security, admission);
    }

    public WorkerConfig withAgent(AgentSettings newAgent) {
        return new WorkerConfig(host, port, dataDir, publicUrl, maxBodyBytes, queryTimeout, queryThreads, maxOpenConnections, membership, storage, newAgent, security, admission);
    }

    public WorkerConfig withStorage(URI newStorage) {
        return new WorkerConfig(host, port, dataDir, publicUrl, maxBodyBytes, queryTimeout, queryThreads, maxOpenConnections, membership, newStorage, agent, security, admission);
    }

    public WorkerConfig withSecurity(SecuritySettings newSecurity) {
        return new WorkerConfig(host, port, dataDir, publicUrl, maxBodyBytes, queryTimeout, queryThreads, maxOpenConnections, membership, storage, agent, newSecurity, admission);
    }

    public WorkerConfig withAdmission(AdmissionSettings newAdmission) {
        return new WorkerConfig(host, port, dataDir, publicUrl, maxBodyBytes, queryTimeout, queryThreads, maxOpenConnections, membership, storage, agent, security, newAdmission);
    }
}
