package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import trough.core.client.WorkerClient;
import trough.core.registry.Registry;
import trough.registry.embedded.EmbeddedRegistry;

/** A real worker on a loopback port over a temporary data directory, and a plain HTTP client to poke it. */
final class TestWorker implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dataDir;
    final Registry registry;
    final WorkerServer server;
    final OkHttpClient http = WorkerClient.defaultHttpClient();
    /** Sent as a bearer token with every request that names no Authorization of its own; null: none. */
    String token;

    private TestWorker(Path dataDir, Registry registry, WorkerServer server) {
        this.dataDir = dataDir;
        this.registry = registry;
        this.server = server;
    }

    static TestWorker start(Path dir) {
        return start(dir, config -> config);
    }

    static TestWorker start(Path dir, UnaryOperator<WorkerConfig> adjust) {
        return start(dir.resolve("data"), dir.resolve("registry"), adjust);
    }

    /** A worker of a cluster: its own data directory, the registry that its peers open too. */
    static TestWorker start(Path data, Path registryDir, UnaryOperator<WorkerConfig> adjust) {
        Registry registry = EmbeddedRegistry.open(registryDir);
        WorkerConfig config = adjust.apply(WorkerConfig.defaults(data).withPort(0));
        return new TestWorker(data, registry, WorkerServer.start(config, registry));
    }

    Answer post(String path, String body, String contentType, String header, String value) {
        return send(new Request.Builder().url(server.url() + path).header(header, value)
                .post(RequestBody.create(body, MediaType.get(contentType))).build());
    }

    WorkerClient client() {
        return WorkerClient.sharing(http, server.url());
    }

    /** Registers the schema and creates each segment from it, through the HTTP API. */
    void segments(String schema, String ddl, String... ids) {
        Answer put = put("/v1/schemas/" + schema, ddl);
        if (put.status() != 201 && put.status() != 200) throw new AssertionError("schema refused: " + put);
        for (String id : ids) {
            Answer created = post("/v1/segments", "{\"segment\": \"" + id + "\", \"schema\": \"" + schema + "\"}", "application/json");
            assertEquals(201, created.status(), created.toString());
        }
    }

    void write(String segment, String sql) {
        Answer answer = post("/v1/segments/" + segment + "/write", sql, "application/sql");
        assertEquals(200, answer.status(), answer.toString());
    }

    Answer query(String sql, String... segments) {
        return post("/v1/query", queryJson(sql, segments), "application/json");
    }

    static String queryJson(String sql, String... segments) {
        try {
            return JSON.writeValueAsString(Map.of("sql", sql, "segments", segments));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer get(String path) {
        return send(new Request.Builder().url(server.url() + path).get().build());
    }

    Answer post(String path, String body, String contentType) {
        return send(new Request.Builder().url(server.url() + path).post(RequestBody.create(body, MediaType.get(contentType))).build());
    }

    Answer put(String path, String body) {
        return send(new Request.Builder().url(server.url() + path).put(RequestBody.create(body, MediaType.get("application/sql"))).build());
    }

    Answer delete(String path) {
        return send(new Request.Builder().url(server.url() + path).delete().build());
    }

    Answer send(Request request) {
        if (token != null && request.header("Authorization") == null) {
            request = request.newBuilder().header("Authorization", "Bearer " + token).build();
        }
        try (Response response = http.newCall(request).execute()) {
            return new Answer(response.code(), response.body().string(), response.header("Content-Type"), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of a segment's file and its WAL: what "nothing changed" means on disk. */
    String digest(String segment) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Path file = dataDir.resolve(segment + ".sqlite");
            sha.update(Files.readAllBytes(file));
            Path wal = dataDir.resolve(segment + ".sqlite-wal");
            if (Files.exists(wal)) sha.update(Files.readAllBytes(wal));
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of the line of /metrics that starts with {@code series}, or 0 when absent. */
    double metric(String series) {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return 0;
    }

    /**
     * Writes to the segment once no other worker's write lease stands in the way: a stopped writer does not hand
     * its lease back, so another worker writes only once it has lapsed. Answers the last answer (a 409 after 20 s).
     */
    Answer writeOnceLeaseLapses(String segment, String sql) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Answer answer = post("/v1/segments/" + segment + "/write", sql, "application/sql");
            if (answer.status() != 409 || System.nanoTime() > deadline) return answer;
            Thread.sleep(100);
        }
    }

    /** Deletes a directory and all it holds: a worker's lost disk. */
    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(path);
        }
    }

    long count(String segment, String table) {
        Answer answer = query("SELECT count(*) AS n FROM " + table, segment);
        assertEquals(200, answer.status(), answer.toString());
        return answer.json().get(0).get("n").asLong();
    }

    @Override
    public void close() {
        server.close();
        registry.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    record Answer(int status, String body, String contentType, Headers headers) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        /** The {@code detail} of a JSON error answer. */
        String detail() {
            return json().path("detail").asText();
        }

        String error() {
            return json().path("error").asText();
        }
    }
}
