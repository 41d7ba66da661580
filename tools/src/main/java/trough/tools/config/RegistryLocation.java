package trough.tools.config;

import java.nio.file.Path;
import trough.core.registry.Registry;
import trough.sync.registry.EmbeddedRegistry;
import trough.sync.registry.rethinkdb.RethinkLocation;
import trough.sync.registry.rethinkdb.RethinkRegistry;

/**
 * Where the registry is: {@code embedded:/path/to/dir} (or a bare directory), the SQLite registry shared by
 * every process of one machine, or {@code rethinkdb://host1:28015,host2:28015/database}, a cluster's.
 */
public final class RegistryLocation {
    private RegistryLocation() {}

    public static Registry open(String location) {
        if (location.startsWith(RethinkLocation.SCHEME)) {
            try {
                return RethinkRegistry.open(RethinkLocation.parse(location));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("registry: " + e.getMessage());
            }
        }
        String path = location.startsWith("embedded:") ? location.substring("embedded:".length()) : location;
        if (path.isBlank()) throw new ConfigException("registry '" + location + "' names no directory; use embedded:/path/to/dir or rethinkdb://host:port/database");
        return EmbeddedRegistry.open(Path.of(path));
    }

    /** The location as it may be shown: without a password. */
    public static String describe(String location) {
        return location.startsWith(RethinkLocation.SCHEME) ? RethinkLocation.parse(location).describe() : location;
    }
}
