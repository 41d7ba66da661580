package trough.tools.config;

import java.nio.file.Path;
import trough.core.registry.Registry;
import trough.core.registry.RegistryBackends;

/**
 * Where the registry is, as a URL whose scheme picks the backend ({@link RegistryBackends}):
 * {@code embedded:/path/to/dir}, the SQLite registry shared by every process of one machine, or
 * {@code rethinkdb://host1:28015,host2:28015/database}, a cluster's. A bare directory is an embedded registry.
 */
public final class RegistryLocation {
    /** The scheme of the backend for one machine's registry: a bare directory means it, and so do {@code trough local} and the benchmarks. */
    public static final String EMBEDDED = "embedded";

    private RegistryLocation() {}

    public static Registry open(String location) {
        try {
            return RegistryBackends.open(withScheme(location));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("registry: " + e.getMessage());
        }
    }

    /** The embedded registry kept in {@code directory}. */
    public static Registry embedded(Path directory) {
        return open(EMBEDDED + ":" + directory);
    }

    /** The location as it may be shown: without a password. */
    public static String describe(String location) {
        try {
            return RegistryBackends.describe(withScheme(location));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("registry: " + e.getMessage());
        }
    }

    /** The name of the location's backend: {@code embedded}, {@code rethinkdb}, ... */
    public static String backend(String location) {
        return RegistryBackends.scheme(withScheme(location)).orElseThrow();
    }

    private static String withScheme(String location) {
        return RegistryBackends.scheme(location).isPresent() ? location : EMBEDDED + ":" + location;
    }
}
