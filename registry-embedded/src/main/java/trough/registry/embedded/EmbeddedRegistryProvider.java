package trough.registry.embedded;

import java.nio.file.Path;
import trough.core.registry.Registry;
import trough.core.registry.RegistryProvider;

/** Opens {@code embedded:/path/to/dir}: the SQLite registry that every process of one machine shares. */
public final class EmbeddedRegistryProvider implements RegistryProvider {
    public static final String SCHEME = "embedded";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String example() {
        return SCHEME + ":/path/to/dir";
    }

    @Override
    public Registry open(String location) {
        String directory = location.substring(SCHEME.length() + 1);
        if (directory.isBlank()) throw new IllegalArgumentException("registry '" + location + "' names no directory; use " + example());
        return EmbeddedRegistry.open(Path.of(directory));
    }
}
