package trough.worker.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import trough.worker.WorkerError;

/** Reads request bodies within the configured size limit, and parses JSON bodies with clear errors. */
final class RequestBodies {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final long maxBytes;

    RequestBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    String text(Context ctx) {
        return new String(bytes(ctx), UTF_8);
    }

    <T> T json(Context ctx, Class<T> type) {
        byte[] body = bytes(ctx);
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw WorkerError.badRequest("bad_json", null, "the body is not the expected JSON " + type.getSimpleName()
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw WorkerError.badRequest("unreadable_body", null, "cannot read the request body: " + e.getMessage());
        }
    }

    private byte[] bytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) throw tooLarge(declared);
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) throw tooLarge(-1);
            return body;
        } catch (IOException e) {
            throw WorkerError.badRequest("unreadable_body", null, "cannot read the request body: " + e.getMessage());
        }
    }

    private WorkerError tooLarge(long declared) {
        String size = declared > 0 ? declared + " bytes" : "more than " + maxBytes + " bytes";
        return new WorkerError(413, "body_too_large", null, "the request body is " + size + "; this worker accepts at most "
                + maxBytes + " bytes (setting max-body-bytes); split the write into smaller requests");
    }
}
