package trough.core.registry;

/**
 * One registry backend, found by {@link RegistryBackends} through {@link java.util.ServiceLoader}: a backend
 * module names its provider in {@code META-INF/services/trough.core.registry.RegistryProvider}, and nodes
 * open registries by location, never by class, so a backend is added by putting its module on the class path.
 */
public interface RegistryProvider {
    /** The URL scheme of the locations this backend opens, without the colon: {@code embedded}, {@code rethinkdb}. */
    String scheme();

    /** The form of a location, shown when one is malformed: {@code rethinkdb://host:port/database}. */
    String example();

    /**
     * Opens (creating if needed) the registry at {@code location}, which starts with {@code scheme() + ":"}.
     *
     * @throws IllegalArgumentException when the location is malformed
     * @throws RegistryException when the registry cannot be reached
     */
    Registry open(String location);

    /** The location as it may be shown in logs and status pages: without a password. */
    default String describe(String location) {
        return location;
    }
}
