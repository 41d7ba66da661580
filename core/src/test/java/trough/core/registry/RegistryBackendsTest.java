package trough.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Core alone carries no backend: these are the answers a node gives when its class path lacks the one it is asked for. */
class RegistryBackendsTest {
    @Test
    void aLocationsSchemeIsWhatComesBeforeItsFirstColon() {
        assertEquals(Optional.of("rethinkdb"), RegistryBackends.scheme("rethinkdb://db1:28015/trough"));
        assertEquals(Optional.of("embedded"), RegistryBackends.scheme("Embedded:/var/trough"));
        assertEquals(Optional.of("etcd+tls"), RegistryBackends.scheme("etcd+tls://a"));
        assertEquals(Optional.empty(), RegistryBackends.scheme("/var/trough/registry"), "a bare directory");
        assertEquals(Optional.empty(), RegistryBackends.scheme("C:\\trough\\registry"), "a Windows drive letter");
        assertEquals(Optional.empty(), RegistryBackends.scheme("9p:x"), "a scheme starts with a letter");
    }

    @Test
    void anUnknownSchemeIsNamedWithoutTheRestOfTheLocation() {
        assertEquals(java.util.List.of(), RegistryBackends.providers(), "core's tests have no backend on their class path");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegistryBackends.open("etcd://user:secret@host/trough"));
        assertEquals("no registry backend answers 'etcd:', and no registry backend is on the class path", e.getMessage());
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class, () -> RegistryBackends.open("/var/trough"));
        assertEquals("registry '/var/trough' has no scheme, and no registry backend is on the class path", bare.getMessage());
    }
}
