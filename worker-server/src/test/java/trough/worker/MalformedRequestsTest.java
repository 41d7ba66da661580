package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a careless or hostile client sends, to every endpoint: wrong JSON types for every field, truncated
 * JSON, huge numbers, wrong content types, bad percent-encoding, overlong URLs and headers, unknown methods.
 * Every answer is below 500 and every refusal is the JSON error shape of docs/http-api.md; nothing changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestsTest {
    /** Every endpoint, with a placeholder body: the sweep sends every malformed body to each of them. */
    private static final List<String[]> ENDPOINTS = List.of(
            new String[] {"POST", "/v1/query"}, new String[] {"DELETE", "/v1/queries/q1"},
            new String[] {"POST", "/v1/segments"}, new String[] {"GET", "/v1/segments"}, new String[] {"GET", "/v1/segments/s1"},
            new String[] {"DELETE", "/v1/segments/ghost"}, new String[] {"POST", "/v1/segments/s1/write"},
            new String[] {"POST", "/v1/segments/s1/promote"}, new String[] {"PUT", "/v1/segments/s1/tier"},
            new String[] {"GET", "/v1/schemas"}, new String[] {"GET", "/v1/schemas/kv"}, new String[] {"PUT", "/v1/schemas/kv2"},
            new String[] {"DELETE", "/v1/schemas/kv"}, new String[] {"GET", "/v1/cluster"},
            new String[] {"GET", "/v1/cluster/segments?schema=kv"}, new String[] {"GET", "/health"}, new String[] {"GET", "/metrics"},
            new String[] {"POST", "/?segment=s1"}, new String[] {"POST", "/write?segment=s1"}, new String[] {"POST", "/provision"},
            new String[] {"POST", "/promote"}, new String[] {"GET", "/schema"}, new String[] {"GET", "/schema/kv"},
            new String[] {"GET", "/schema/kv/sql"}, new String[] {"PUT", "/schema/kv2"}, new String[] {"PUT", "/schema/kv2/sql"},
            new String[] {"DELETE", "/segment/ghost"});

    /** A well-formed body per JSON endpoint; the sweep puts a wrong value into each of its fields in turn. */
    private static final Map<String, String> JSON_BODIES = Map.of(
            "/v1/query", "{\"sql\": \"SELECT * FROM kv\", \"segments\": [\"s1\"], \"params\": [], \"segmentColumn\": false, "
                    + "\"timeoutMillis\": 1000, \"order\": [{\"column\": 0, \"descending\": false, \"nullsFirst\": true}], \"limit\": 1}",
            "/v1/segments", "{\"segment\": \"s1\", \"schema\": \"kv\"}",
            "/provision", "{\"segment\": \"s1\", \"schema\": \"kv\"}",
            "/promote", "{\"segment\": \"s1\"}",
            "/schema/kv2", "{\"id\": \"kv2\", \"sql\": \"CREATE TABLE x (a)\"}");

    private static final List<String> WRONG_VALUES = List.of("null", "1", "-1", "1.5", "1e400", "123456789012345678901234567890",
            "\"\"", "\"?\"", "true", "[]", "{}", "[null]", "[[1]]", "[{}]", "{\"blob\": \"!!\"}", "[{\"column\": 99}]",
            "[{\"column\": -1}]", "[{\"column\": \"x\"}]", "[1, 2, 3]");

    private static final List<String> BODIES = List.of("", "null", "{", "[", "{\"sql\": ", "\"text\"", "42", "[]", "{}", "{\"a\": }",
            "\u0000\u0001\u00ff", "{\"sql\": \"SELECT 1\", \"segments\": [\"s1\"], \"params\": [1, 2]}",
            "{\"sql\": \"SELECT 1\\u0000; SELECT 2\", \"segments\": [\"s1\"]}",
            "x".repeat(70_000));

    private static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/octet-stream");

    TestWorker worker;
    String before;

    @BeforeAll
    void start(@TempDir Path dir) {
        worker = TestWorker.start(dir, config -> config.withMaxBodyBytes(64 * 1024));
        worker.segments("kv", "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER)", "s1", "s2");
        worker.write("s1", "INSERT INTO kv VALUES ('a', 1), ('b', 2)");
        before = state();
    }

    @AfterAll
    void stop() {
        if (worker != null) worker.close();
    }

    @Test
    void wrongJsonTypesInEveryFieldAreClientErrors() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> endpoint : JSON_BODIES.entrySet()) {
            JsonNode valid = TestWorker.JSON.readTree(endpoint.getValue());
            String method = endpoint.getKey().startsWith("/schema") ? "PUT" : "POST";
            for (var fields = valid.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                for (String wrong : WRONG_VALUES) {
                    if (field.equals("timeoutMillis") && wrong.equals("1")) continue; // a valid 1 ms timeout: 504 is its answer
                    Map<String, JsonNode> body = new LinkedHashMap<>();
                    valid.fields().forEachRemaining(e -> body.put(e.getKey(), e.getValue()));
                    body.put(field, TestWorker.JSON.readTree(wrong.equals("1e400") || wrong.startsWith("1234") ? "0" : wrong));
                    String text = TestWorker.JSON.writeValueAsString(body);
                    if (wrong.equals("1e400") || wrong.startsWith("1234")) {
                        text = text.replace("\"" + field + "\":0", "\"" + field + "\":" + wrong);
                    }
                    check(method, endpoint.getKey(), text, "application/json", failures);
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(before, state(), "no data changed");
    }

    @Test
    void malformedBodiesAndContentTypesAreClientErrorsOnEveryEndpoint() {
        List<String> failures = new ArrayList<>();
        for (String[] endpoint : ENDPOINTS) {
            for (String body : BODIES) {
                check(endpoint[0], endpoint[1], body, "application/json", failures);
            }
            for (String type : CONTENT_TYPES) {
                check(endpoint[0], endpoint[1], "k=v&a=b", type, failures);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(before, state(), "no data changed");
    }

    @Test
    void malformedRequestLinesAndHeadersAreJsonClientErrors() throws IOException {
        String host = "Host: 127.0.0.1\r\n";
        List<String> requests = List.of(
                "GET /v1/segments/%zz HTTP/1.1\r\n" + host,
                "GET /v1/segments/% HTTP/1.1\r\n" + host,
                "GET /v1/segments/%c3%28 HTTP/1.1\r\n" + host,
                "GET /v1/segments/a%00b HTTP/1.1\r\n" + host,
                "GET /v1/segments/%2e%2e HTTP/1.1\r\n" + host,
                "PUT /v1/schemas/%2e HTTP/1.1\r\n" + host + "Content-Length: 17\r\n\r\nCREATE TABLE t(a)",
                "GET /v1/segments/..%2f..%2fetc HTTP/1.1\r\n" + host,
                "GET /v1/" + "x".repeat(100_000) + " HTTP/1.1\r\n" + host,
                "GET /v1/segments HTTP/1.1\r\n" + host + "X-Long: " + "y".repeat(100_000) + "\r\n",
                "GET /v1/segments HTTP/9.9\r\n" + host,
                "GET /v1/segments HTTP/1.1\r\n",
                "BREW /v1/segments HTTP/1.1\r\n" + host,
                "PATCH /v1/segments/s1 HTTP/1.1\r\n" + host,
                "POST /v1/query HTTP/1.1\r\n" + host + "Content-Length: -5\r\n",
                "POST /v1/query HTTP/1.1\r\n" + host + "Content-Length: abc\r\n",
                "POST /v1/segments/s1/write HTTP/1.1\r\n" + host + "X-Trough-Lease-Epoch: 99999999999999999999999\r\nContent-Length: 8\r\n\r\nSELECT 1",
                "GET /v1/cluster/segments?schema=kv&limit=99999999999999999999 HTTP/1.1\r\n" + host,
                "GET /v1/segments?prefix=%ff%fe%zz HTTP/1.1\r\n" + host,
                "GARBAGE\r\n");
        List<String> failures = new ArrayList<>();
        for (String request : requests) {
            String text = request.contains("\r\n\r\n") ? request.replaceFirst("\r\n\r\n", "\r\nConnection: close\r\n\r\n")
                    : request + "Connection: close\r\n\r\n";
            RawHttp answer = RawHttp.send(worker.server.port(), text);
            String label = request.length() > 80 ? request.substring(0, 80) + "..." : request;
            if (answer.status() < 100 || answer.status() >= 500) failures.add(answer.status() + " for " + label.strip());
            else if (answer.status() >= 400 && !isErrorShape(answer.body())) failures.add("not the JSON error shape for " + label.strip() + ": " + answer.body());
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(before, state(), "no data changed");
    }

    private void check(String method, String path, String body, String contentType, List<String> failures) {
        RequestBody requestBody = method.equals("GET") ? null : RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get(contentType));
        TestWorker.Answer answer = worker.send(new Request.Builder().url(worker.server.url() + path).method(method, requestBody).build());
        String label = method + " " + path + " " + contentType + " " + (body.length() > 120 ? body.substring(0, 120) + "..." : body);
        if (answer.status() >= 500) {
            failures.add(answer.status() + " for " + label + ": " + answer.body());
        } else if (answer.status() >= 400 && !isErrorShape(answer.body())) {
            failures.add("not the JSON error shape for " + label + ": " + answer.body());
        }
    }

    private static boolean isErrorShape(String body) {
        try {
            JsonNode json = TestWorker.JSON.readTree(body);
            return json != null && json.path("error").isTextual() && json.path("detail").isTextual() && json.has("segment");
        } catch (IOException e) {
            return false;
        }
    }

    /** What the sweep must leave alone: the segments with their digests, and the schemas. */
    private String state() {
        return worker.get("/v1/segments?rows=true").body() + worker.get("/v1/schemas").body() + worker.digest("s1") + worker.digest("s2");
    }
}
