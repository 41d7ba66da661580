package trough.worker.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.EndPoint;
import trough.core.segment.InvalidSegmentIdException;
import trough.worker.WorkerError;

/**
 * Reads request bodies within the configured size limit and time, and parses JSON bodies with clear errors.
 * A body that has not arrived in full within the time is answered 408: a client trickling its body holds a
 * server thread for that long at most, and (see {@link #readFirst}) never a run slot.
 */
final class RequestBodies {
    /**
     * Strict about types: a number where a string belongs ({@code "segment": 1}) or a fraction where a whole
     * number does is the client's mistake, refused rather than silently turned into something else.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .withCoercionConfig(LogicalType.Textual, text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private static final String BODY = "trough.body";
    private static final int READ_CHUNK = 64 * 1024;

    private final long maxBytes;
    private final Duration timeout;

    RequestBodies(long maxBytes, Duration timeout) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
    }

    /** The handler, run once the whole body has arrived: whatever it waits for (a run slot), it does not wait for the client too. */
    Handler readFirst(Handler handler) {
        return ctx -> {
            bytes(ctx);
            handler.handle(ctx);
        };
    }

    /**
     * The body as text. SQL cannot hold a NUL character (SQLite stops reading at it, and sqlite-jdbc's
     * statement bookkeeping breaks on it), so a body with one is refused.
     */
    String text(Context ctx) {
        String text = new String(bytes(ctx), UTF_8);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw WorkerError.badRequest("nul_character", null, "the body holds a NUL character (at " + nul + "); SQL text cannot");
        }
        return text;
    }

    <T> T json(Context ctx, Class<T> type) {
        byte[] body = bytes(ctx);
        T value;
        try {
            value = body.length == 0 ? null : MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof InvalidSegmentIdException invalid) {
                throw WorkerError.badRequest("bad_segment_id", null, invalid.getMessage());
            }
            throw WorkerError.badRequest("bad_json", null, "the body is not the expected JSON " + type.getSimpleName()
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw WorkerError.badRequest("unreadable_body", null, "cannot read the request body: " + e.getMessage());
        }
        if (value == null) {
            throw WorkerError.badRequest("bad_json", null, "the body is empty or JSON null; send a JSON object " + type.getSimpleName());
        }
        return value;
    }

    private byte[] bytes(Context ctx) {
        byte[] read = ctx.attribute(BODY);
        if (read != null) return read;
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) throw tooLarge(declared);
        long deadline = System.nanoTime() + timeout.toNanos();
        // Jetty's idle timeout bounds each wait for more bytes; lowered to the time left, it bounds the whole body.
        EndPoint endPoint = ClientEndPoint.of(ctx);
        long idleTimeout = endPoint == null ? 0 : endPoint.getIdleTimeout();
        // Sized by the declared length (most bodies are a few hundred bytes), never beyond 64 KiB ahead of the
        // bytes themselves: a client declaring a large body it never sends costs nothing.
        int chunk = (int) Math.min(declared > 0 ? declared + 1 : READ_CHUNK, READ_CHUNK);
        ByteArrayOutputStream body = new ByteArrayOutputStream(chunk);
        byte[] buffer = new byte[chunk];
        try (InputStream in = ctx.bodyInputStream()) {
            for (int n = 0; n >= 0; n = in.read(buffer)) {
                body.write(buffer, 0, n);
                if (body.size() > maxBytes) throw tooLarge(-1);
                long left = deadline - System.nanoTime();
                if (left <= 0) throw tooSlow(body.size());
                long leftMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
                if (endPoint != null) endPoint.setIdleTimeout(idleTimeout > 0 ? Math.min(idleTimeout, leftMillis) : leftMillis);
            }
        } catch (IOException e) {
            if (System.nanoTime() >= deadline || e.getCause() instanceof TimeoutException) throw tooSlow(body.size());
            throw WorkerError.badRequest("unreadable_body", null, "cannot read the request body: " + e.getMessage());
        } finally {
            if (endPoint != null) endPoint.setIdleTimeout(idleTimeout);
        }
        read = body.toByteArray();
        ctx.attribute(BODY, read);
        return read;
    }

    private WorkerError tooSlow(int received) {
        return new WorkerError(408, "body_timeout", null, "the request body did not arrive within " + timeout.toSeconds() + " s (" + received
                + " bytes came); send it at once, or in smaller requests");
    }


    private WorkerError tooLarge(long declared) {
        String size = declared > 0 ? declared + " bytes" : "more than " + maxBytes + " bytes";
        return new WorkerError(413, "body_too_large", null, "the request body is " + size + "; this worker accepts at most "
                + maxBytes + " bytes (setting max-body-bytes); split the write into smaller requests");
    }
}
