package trough.worker.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.segment.SegmentId;

/**
 * One line per write, provisioning, promotion, schema change, tier change and deletion, in a file of its own:
 * when, who (the token's name, never the token), what (method, path, segment), and the outcome (status).
 * Reads are not audited. Each line is flushed when written.
 *
 * <p>Each line is one JSON object (docs/security.md): the caller chooses the path, so every value is written
 * through Jackson, which escapes what could end a line or a field; a caller cannot make one line look like
 * two. The segment is written only when it is a valid segment id.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final String SEGMENT = "trough.audit.segment";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;

    private AuditLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    public static AuditLog open(Path file) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            return new AuditLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records the request if its endpoint changes anything (it needs the write or admin role). */
    public void record(Context ctx, double millis) {
        Role needed = AccessControl.needed(ctx);
        if (needed == null || needed == Role.READ) return;
        Caller caller = AccessControl.caller(ctx);
        String segment = segment(ctx);
        int status = ctx.statusCode();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("time", Instant.now().toString());
        entry.put("caller", caller == null ? "unauthenticated" : caller.name());
        entry.put("method", ctx.method().name());
        entry.put("path", ctx.path());
        entry.put("segment", SegmentId.isValid(segment) ? segment : null);
        entry.put("status", status);
        entry.put("outcome", status < 400 ? "ok" : "failed");
        entry.put("millis", Math.round(millis));
        String line;
        try {
            line = JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit entry as JSON: " + entry, e);
        }
        synchronized (this) {
            try {
                out.write(line);
                out.newLine();
                out.flush();
            } catch (IOException e) {
                LOG.error("cannot write the audit log {}: {}; the line was: {}", file, e.getMessage(), line);
            }
        }
    }

    /** Names the segment a request acts on when neither its path nor its query says (it is in the body). */
    public static void names(Context ctx, SegmentId segment) {
        ctx.attribute(SEGMENT, segment.value());
    }

    private static String segment(Context ctx) {
        String named = ctx.attribute(SEGMENT);
        if (named != null) return named;
        if (ctx.pathParamMap().containsKey("id")) return ctx.pathParam("id");
        return ctx.queryParam("segment");
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("cannot close the audit log {}: {}", file, e.getMessage());
        }
    }
}
