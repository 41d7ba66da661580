package trough.tools.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Registry;
import trough.registry.embedded.EmbeddedRegistry;
import trough.tools.TroughRun;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;
import trough.worker.security.SecuritySettings;
import trough.worker.security.TestCertificates;
import trough.worker.security.TlsSettings;

/**
 * A worker with tokens and HTTPS, reached the way users reach it: the JDBC driver with token and ssl
 * properties, and the shell with --token. The tokens come from 'trough token'.
 */
class SecureClusterTest {
    @TempDir
    Path dir;

    private Registry registry;
    private WorkerServer worker;
    private TestCertificates certificates;
    private String adminToken;
    private String readerToken;

    @BeforeEach
    void start() throws Exception {
        certificates = TestCertificates.create(dir.resolve("certs"), "worker");
        Path tokens = dir.resolve("tokens");
        adminToken = token("ops", "admin", tokens);
        readerToken = token("analyst", "read", tokens);
        registry = EmbeddedRegistry.open(dir.resolve("registry"));
        SecuritySettings security = SecuritySettings.none().withTokens(tokens)
                .withTls(TlsSettings.pem(certificates.certificate(), certificates.privateKey()));
        worker = WorkerServer.start(WorkerConfig.defaults(dir.resolve("data")).withPort(0).withSecurity(security), registry);
        assertEquals(0, TroughRun.of("shell", "-u", url(""), "--token", adminToken,
                "-c", "REGISTER SCHEMA notes " + Files.writeString(dir.resolve("notes.sql"), "CREATE TABLE notes (id INTEGER, body TEXT)")).exit());
        assertEquals(0, TroughRun.of("shell", "-u", url("/notes"), "--token", adminToken, "-w", "-s", "notes",
                "-c", "CONNECT n1", "-c", "INSERT INTO notes VALUES (1, 'one'), (2, 'two')").exit());
    }

    @AfterEach
    void stop() {
        if (worker != null) worker.close();
        if (registry != null) registry.close();
    }

    @Test
    void theDriverQueriesOverHttpsWithItsTokenAndIsToldWhatIsWrongOtherwise() throws Exception {
        assertEquals(List.of("2"), rows(url("/notes") + "&token=" + readerToken, "SELECT count(*) FROM notes"));
        assertEquals(List.of("2"), rows(url("/notes") + "&user=analyst&password=" + readerToken, "SELECT count(*) FROM notes"),
                "tools that know only user and password send the token as the password");

        SQLException noToken = assertThrows(SQLException.class, () -> rows(url("/notes"), "SELECT count(*) FROM notes"));
        assertTrue(noToken.getMessage().contains("needs a token with the 'read' role"), noToken.getMessage());
        SQLException badToken = assertThrows(SQLException.class, () -> rows(url("/notes") + "&token=wrong", "SELECT count(*) FROM notes"));
        assertTrue(badToken.getMessage().contains("not known here"), badToken.getMessage());
        SQLException plain = assertThrows(SQLException.class, () -> rows("jdbc:trough://127.0.0.1:" + worker.port() + "/notes?token=" + readerToken,
                "SELECT count(*) FROM notes"));
        assertTrue(plain.getMessage().contains("127.0.0.1:" + worker.port()), "names the worker it could not use: " + plain.getMessage());
        SQLException untrusted = assertThrows(SQLException.class, () -> rows("jdbc:trough://127.0.0.1:" + worker.port() + "/notes?ssl=true&token="
                + readerToken, "SELECT count(*) FROM notes"));
        assertTrue(untrusted.getMessage().contains("127.0.0.1:" + worker.port()), untrusted.getMessage());
    }

    @Test
    void aReaderCannotWriteThroughTheShellAndNothingChanges() throws Exception {
        TroughRun refused = TroughRun.of("shell", "-u", url("/notes"), "--token", readerToken, "-w", "-s", "notes", "-c", "CONNECT n1",
                "-c", "INSERT INTO notes VALUES (3, 'three')");
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.out().contains("needs the 'write' role") && refused.out().contains("'analyst' has the 'read' role"), refused.toString());
        assertEquals(List.of("2"), rows(url("/notes") + "&token=" + readerToken, "SELECT count(*) FROM notes"));
    }

    private String url(String path) {
        return "jdbc:trough://127.0.0.1:" + worker.port() + path + "?ssl=true&sslRootCert=" + certificates.certificate();
    }

    private static List<String> rows(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) values.add(rows.getString(1));
            return values;
        }
    }

    /** Runs 'trough token' and answers the token it printed. */
    private static String token(String name, String role, Path file) {
        TroughRun run = TroughRun.of("token", name, role, "--file", file.toString());
        assertEquals(0, run.exit(), run.toString());
        Matcher matcher = Pattern.compile("shown once: (\\S+)").matcher(run.out());
        assertTrue(matcher.find(), run.out());
        return matcher.group(1);
    }
}
