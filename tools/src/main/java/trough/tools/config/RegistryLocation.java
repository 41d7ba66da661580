package trough.tools.config;

import java.nio.file.Path;
import trough.core.registry.Registry;
import trough.sync.registry.EmbeddedRegistry;

/**
 * Where the registry is: {@code embedded:/path/to/dir} (or a bare directory), the SQLite registry shared by
 * every process of one machine.
 */
public final class RegistryLocation {
    private RegistryLocation() {}

    public static Registry open(String location) {
        if (location.startsWith("rethinkdb://")) {
            throw new ConfigException("registry '" + location + "': the RethinkDB registry is not built yet; use embedded:/path/to/dir on one machine");
        }
        String path = location.startsWith("embedded:") ? location.substring("embedded:".length()) : location;
        if (path.isBlank()) throw new ConfigException("registry '" + location + "' names no directory; use embedded:/path/to/dir");
        return EmbeddedRegistry.open(Path.of(path));
    }
}
