package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Registry;
import trough.registry.embedded.EmbeddedRegistry;
import trough.worker.security.Role;
import trough.worker.security.SecuritySettings;
import trough.worker.security.TokenFile;

/** Who may call what: every endpoint class against every kind of caller, over real HTTP. */
class AccessControlTest {
    private static final String READER = "reader-token-1";
    private static final String WRITER = "writer-token-1";
    private static final String ADMIN = "admin-token-1";

    @TempDir
    Path dir;

    /** One endpoint, the role it needs (null: open to all), and a request to it. */
    private record Endpoint(Role needs, String method, String path, String body) {}

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint(null, "GET", "/health", null),
            new Endpoint(Role.READ, "POST", "/v1/query", TestWorker.queryJson("SELECT count(*) FROM t", "s1")),
            new Endpoint(Role.READ, "DELETE", "/v1/queries/none", null),
            new Endpoint(Role.READ, "GET", "/v1/segments", null),
            new Endpoint(Role.READ, "GET", "/v1/segments/s1", null),
            new Endpoint(Role.READ, "GET", "/v1/schemas", null),
            new Endpoint(Role.READ, "GET", "/v1/schemas/t", null),
            new Endpoint(Role.READ, "GET", "/v1/cluster", null),
            new Endpoint(Role.READ, "GET", "/v1/cluster/segments?schema=t", null),
            new Endpoint(Role.READ, "GET", "/metrics", null),
            new Endpoint(Role.READ, "POST", "/?segment=s1", "SELECT count(*) FROM t"),
            new Endpoint(Role.READ, "GET", "/schema", null),
            new Endpoint(Role.READ, "GET", "/schema/t/sql", null),
            new Endpoint(Role.WRITE, "POST", "/v1/segments/s1/write", "INSERT INTO t VALUES (1)"),
            new Endpoint(Role.WRITE, "POST", "/v1/segments", "{\"segment\": \"made-by-%s\", \"schema\": \"t\"}"),
            new Endpoint(Role.WRITE, "POST", "/write?segment=s1", "INSERT INTO t VALUES (2)"),
            new Endpoint(Role.WRITE, "POST", "/provision", "{\"segment\": \"provisioned-by-%s\", \"schema\": \"t\"}"),
            new Endpoint(Role.ADMIN, "PUT", "/v1/schemas/t_%s", "CREATE TABLE u(y)"),
            new Endpoint(Role.ADMIN, "DELETE", "/v1/schemas/absent", null),
            new Endpoint(Role.ADMIN, "POST", "/v1/segments/s1/promote", ""),
            new Endpoint(Role.ADMIN, "PUT", "/v1/segments/s1/tier", "hot"),
            new Endpoint(Role.ADMIN, "DELETE", "/v1/segments/absent", null),
            new Endpoint(Role.ADMIN, "PUT", "/schema/c_%s/sql", "CREATE TABLE v(z)"),
            new Endpoint(Role.ADMIN, "DELETE", "/segment/absent", null),
            new Endpoint(Role.ADMIN, "POST", "/promote", "{\"segment\": \"s1\"}"));

    @Test
    void eachRoleReachesWhatItMayAndIsToldWhichRoleTheRestNeeds() throws Exception {
        Path tokens = tokens(dir.resolve("tokens"), "reader read " + READER, "writer write " + WRITER, "admin admin " + ADMIN);
        try (TestWorker worker = TestWorker.start(dir, config -> config.withSecurity(SecuritySettings.none().withTokens(tokens)))) {
            worker.token = ADMIN;
            worker.segments("t", "CREATE TABLE t(x)", "s1");
            String before = worker.digest("s1");

            // The refused callers first: nothing they send may change the segment.
            List<String> failures = new ArrayList<>();
            for (String[] caller : new String[][] {{"nobody", null}, {"stranger", "not-a-token"}, {"reader", READER}}) {
                for (Endpoint endpoint : ENDPOINTS) check(worker, caller[0], caller[1], endpoint, failures);
            }
            assertEquals(before, worker.digest("s1"), "refused writes changed nothing");
            worker.token = ADMIN;
            assertEquals(0, worker.count("s1", "t"));

            for (String[] caller : new String[][] {{"writer", WRITER}, {"admin", ADMIN}}) {
                for (Endpoint endpoint : ENDPOINTS) check(worker, caller[0], caller[1], endpoint, failures);
            }
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            worker.token = ADMIN;
            assertEquals(4, worker.count("s1", "t"), "the writer's and the admin's two writes each");
        }
    }

    private static void check(TestWorker worker, String name, String token, Endpoint endpoint, List<String> failures) {
        Role role = switch (name) {
            case "reader" -> Role.READ;
            case "writer" -> Role.WRITE;
            case "admin" -> Role.ADMIN;
            default -> null;
        };
        String path = endpoint.path().replace("%s", name);
        String body = endpoint.body() == null ? null : endpoint.body().replace("%s", name);
        Request.Builder request = new Request.Builder().url(worker.server.url() + path)
                .method(endpoint.method(), body == null ? null : RequestBody.create(body, MediaType.get("application/json")));
        // An explicit empty header keeps the test worker from adding its own token.
        request.header("Authorization", token == null ? "" : "Bearer " + token);
        TestWorker.Answer answer = worker.send(request.build());
        String what = name + " " + endpoint.method() + " " + path + " -> " + answer.status() + " " + answer.body();
        if (endpoint.needs() == null) {
            if (answer.status() != 200) failures.add(what + " (open to all)");
        } else if (role == null) {
            if (answer.status() != 401 || !answer.detail().contains("'" + endpoint.needs().label() + "' role")) failures.add(what + " (expected 401)");
            else if (answer.headers().get("WWW-Authenticate") == null) failures.add(what + " (401 without WWW-Authenticate)");
        } else if (!role.includes(endpoint.needs())) {
            if (answer.status() != 403 || !answer.detail().contains("needs the '" + endpoint.needs().label() + "' role")
                    || !answer.detail().contains("'" + name + "' has the '" + role.label() + "' role")) {
                failures.add(what + " (expected 403 naming both roles)");
            }
        } else if (answer.status() == 401 || answer.status() == 403) {
            failures.add(what + " (allowed)");
        }
    }

    @Test
    void tokensRotateWithoutARestart() throws Exception {
        Path tokens = tokens(dir.resolve("tokens"), "alice read first-token");
        try (TestWorker worker = TestWorker.start(dir, config -> config.withSecurity(SecuritySettings.none().withTokens(tokens)))) {
            assertEquals(200, asks(worker, "first-token"));
            tokens(tokens, "alice read second-token");
            Files.setLastModifiedTime(tokens, FileTime.from(Instant.now().plusSeconds(5)));
            Thread.sleep(1_200); // the file is looked at no more than once a second
            assertEquals(401, asks(worker, "first-token"), "the rotated-away token no longer works");
            assertEquals(200, asks(worker, "second-token"));

            Files.writeString(tokens, "alice reader sha256:00\n");
            Files.setLastModifiedTime(tokens, FileTime.from(Instant.now().plusSeconds(10)));
            Thread.sleep(1_200);
            assertEquals(200, asks(worker, "second-token"), "a file that no longer parses leaves the tokens as they were");
        }
    }

    @Test
    void aTokensFileThatDoesNotParseStopsTheWorkerNamingTheLine() throws Exception {
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "# ops\nalice read " + TokenFile.hash("x") + "\nbob superuser " + TokenFile.hash("y") + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenFile.load(tokens));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'superuser' is not a role"), e.getMessage());
        assertFalse(Files.readString(tokens).contains(" x\n"), "only hashes are at rest");
    }

    @Test
    void anOpenWorkerRefusesToServeANonLoopbackAddressSayingWhatToDo() {
        try (Registry registry = EmbeddedRegistry.open(dir.resolve("registry"))) {
            WorkerConfig open = WorkerConfig.defaults(dir.resolve("data")).withHost("0.0.0.0").withPort(0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkerServer.start(open, registry));
            assertTrue(e.getMessage().contains("refusing to serve 0.0.0.0 without authentication"), e.getMessage());
            assertTrue(e.getMessage().contains("security.tokensFile") && e.getMessage().contains("--insecure"), e.getMessage());
        }
    }

    @Test
    void theAuditLogHasALinePerChangeNamingWhoWhatAndTheOutcome() throws Exception {
        Path tokens = tokens(dir.resolve("tokens"), "loader write " + WRITER, "ops admin " + ADMIN, "analyst read " + READER);
        Path audit = dir.resolve("logs").resolve("audit.log");
        try (TestWorker worker = TestWorker.start(dir, config -> config.withSecurity(SecuritySettings.none().withTokens(tokens).withAuditLog(audit)))) {
            worker.token = ADMIN;
            worker.segments("t", "CREATE TABLE t(x)", "s1");
            worker.token = WRITER;
            worker.write("s1", "INSERT INTO t VALUES (1)");
            worker.token = READER;
            assertEquals(403, worker.post("/v1/segments/s1/write", "INSERT INTO t VALUES (2)", "application/sql").status());
            assertEquals(200, worker.query("SELECT * FROM t", "s1").status());
            worker.token = ADMIN;
            assertEquals(204, worker.delete("/v1/segments/s1?force=true").status());
        }
        List<String> lines = Files.readAllLines(audit);
        assertEquals(5, lines.size(), "schema, provision, write, refused write, delete; reads are not audited: " + lines);
        assertAudited(lines.get(0), "ops", "PUT", "/v1/schemas/t", null, 201, "ok");
        assertAudited(lines.get(1), "ops", "POST", "/v1/segments", "s1", 201, "ok");
        assertAudited(lines.get(2), "loader", "POST", "/v1/segments/s1/write", "s1", 200, "ok");
        assertAudited(lines.get(3), "analyst", "POST", "/v1/segments/s1/write", "s1", 403, "failed");
        assertAudited(lines.get(4), "ops", "DELETE", "/v1/segments/s1", "s1", 204, "ok");
        for (String line : lines) {
            assertTrue(Instant.parse(TestWorker.JSON.readTree(line).get("time").asText()).isBefore(Instant.now().plusSeconds(1)), line);
            assertFalse(line.contains(WRITER) || line.contains(ADMIN) || line.contains(READER), "tokens are never written: " + line);
        }
    }

    @Test
    void aCallerCannotForgeAuditLinesThroughThePath() throws Exception {
        Path tokens = tokens(dir.resolve("tokens"), "ops admin " + ADMIN);
        Path audit = dir.resolve("forged").resolve("audit.log");
        try (TestWorker worker = TestWorker.start(dir, config -> config.withSecurity(SecuritySettings.none().withTokens(tokens).withAuditLog(audit)))) {
            String forged = "x%0a2026-11-22T07:01:13.020Z%20caller=ops%20action=%22DELETE%20/v1/segments/s1%22%20segment=s1%20status=204"
                    + "%0a%7B%22caller%22:%22ops%22,%22method%22:%22DELETE%22%7D";
            assertEquals(401, worker.post("/write?segment=" + forged, "INSERT INTO t VALUES (1)", "application/sql").status());
        }
        List<String> lines = Files.readAllLines(audit);
        assertEquals(1, lines.size(), "one request, one line: " + lines);
        JsonNode entry = TestWorker.JSON.readTree(lines.get(0));
        assertEquals("unauthenticated", entry.get("caller").asText());
        assertEquals(401, entry.get("status").asInt());
        assertTrue(entry.get("segment").isNull(), "an invalid segment id is not written as a segment: " + entry);
        assertEquals("/write", entry.get("path").asText());
    }

    private static void assertAudited(String line, String caller, String method, String path, String segment, int status, String outcome)
            throws Exception {
        JsonNode entry = TestWorker.JSON.readTree(line);
        assertEquals(caller, entry.get("caller").asText(), line);
        assertEquals(method, entry.get("method").asText(), line);
        assertEquals(path, entry.get("path").asText(), line);
        assertEquals(segment, entry.get("segment").isNull() ? null : entry.get("segment").asText(), line);
        assertEquals(status, entry.get("status").asInt(), line);
        assertEquals(outcome, entry.get("outcome").asText(), line);
        assertTrue(entry.get("millis").canConvertToLong(), line);
    }

    private static int asks(TestWorker worker, String token) {
        return worker.send(new Request.Builder().url(worker.server.url() + "/v1/segments").header("Authorization", "Bearer " + token).get().build()).status();
    }

    /** Writes a tokens file from lines of {@code name role token}: the token is stored hashed. */
    static Path tokens(Path file, String... entries) throws Exception {
        StringBuilder text = new StringBuilder("# name role hash\n");
        for (String entry : entries) {
            String[] parts = entry.split(" ");
            text.append(parts[0]).append(' ').append(parts[1]).append(' ').append(TokenFile.hash(parts[2])).append('\n');
        }
        Files.writeString(file, text);
        return file;
    }
}
