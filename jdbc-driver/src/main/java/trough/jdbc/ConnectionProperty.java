package trough.jdbc;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The properties a {@code jdbc:trough:} URL or {@link java.util.Properties} may carry. */
public enum ConnectionProperty {
    SCHEMA("schema", null, "which registered schema's tables are visible (all when absent)"),
    SEGMENTS("segments", null, "comma-separated segment ids: tables span only these segments (all when absent)"),
    USER("user", null, "user name, passed to workers"),
    PASSWORD("password", null, "password of the user, passed to workers"),
    TOKEN("token", null, "bearer token passed to workers instead of user and password"),
    SSL("ssl", "false", "true: talk to the workers over HTTPS"),
    SSL_TRUST_STORE("sslTrustStore", null, "PKCS#12 or JKS truststore of the CAs to trust (default: the JDK's)"),
    SSL_TRUST_STORE_PASSWORD("sslTrustStorePassword", null, "password of sslTrustStore"),
    SSL_ROOT_CERT("sslRootCert", null, "PEM file of the CAs (or self-signed certificates) to trust, instead of a truststore"),
    SSL_VERIFICATION("sslVerification", "FULL", "FULL (certificate chain and host name), CA (chain only) or NONE (no check: tests only)"),
    CONNECT_TIMEOUT("connectTimeout", "5000", "milliseconds to wait for a worker to accept a connection"),
    QUERY_TIMEOUT("queryTimeout", "300", "seconds a query may run when the statement sets no timeout"),
    MAX_CONCURRENCY("maxConcurrency", Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())),
            "segments queried at once by this connection (in process) or requests in flight (cluster)"),
    FETCH_SIZE("fetchSize", "1000", "rows of a worker's answer handed to the reader at a time; at most 16 such batches wait in memory");

    private final String key;
    private final String defaultValue;
    private final String description;

    ConnectionProperty(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The property named {@code key} (case-insensitive), or null. */
    public static ConnectionProperty of(String key) {
        for (ConnectionProperty property : values()) {
            if (property.key.equalsIgnoreCase(key)) return property;
        }
        return null;
    }

    public static String knownKeys() {
        return Arrays.stream(values()).map(ConnectionProperty::key).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
