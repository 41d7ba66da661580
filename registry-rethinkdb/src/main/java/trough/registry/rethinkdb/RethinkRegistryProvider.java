package trough.registry.rethinkdb;

import trough.core.registry.Registry;
import trough.core.registry.RegistryProvider;

/** Opens {@code rethinkdb://host1:28015,host2:28015/database}: a cluster's registry in RethinkDB. */
public final class RethinkRegistryProvider implements RegistryProvider {
    @Override
    public String scheme() {
        return "rethinkdb";
    }

    @Override
    public String example() {
        return RethinkLocation.SCHEME + "host:port/database";
    }

    @Override
    public Registry open(String location) {
        return RethinkRegistry.open(RethinkLocation.parse(location));
    }

    @Override
    public String describe(String location) {
        return RethinkLocation.parse(location).describe();
    }
}
