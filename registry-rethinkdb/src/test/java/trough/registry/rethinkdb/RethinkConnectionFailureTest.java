package trough.registry.rethinkdb;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import trough.core.registry.RegistryException;

/** What a user reads when no RethinkDB server listens where the registry URL points (no server needed). */
class RethinkConnectionFailureTest {
    @Test
    void aRefusedConnectionNamesEachHostAndPortAndWhatToDo() throws IOException {
        int first = freePort();
        int second = freePort();
        RegistryException e = assertThrows(RegistryException.class,
                () -> RethinkRegistry.open(RethinkLocation.parse("rethinkdb://127.0.0.1:" + first + ",127.0.0.1:" + second + "/trough?timeout=2s")));
        String message = e.getMessage();
        assertTrue(message.contains("127.0.0.1:" + first) && message.contains("127.0.0.1:" + second), message);
        assertTrue(message.contains("no server accepted a connection"), message);
        assertTrue(message.contains("Start RethinkDB there"), message);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
