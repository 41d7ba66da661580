package trough.worker.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import trough.worker.WorkerError;

/** Reads request bodies within the configured size limit, and parses JSON bodies with clear errors. */
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

    private final long maxBytes;

    RequestBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The body as text. SQL cannot hold a NUL character (SQLite stops reading at it, and sqlite-jdbc's
     * statement bookkeeping breaks on it), so a body with one is refused.
     */
    String text(Context ctx) {
        String text = new String(bytes(ctx), UTF_8);
        int nul = text.indexOf('\0');
        if (nul >= 0) throw nulCharacter("the body", nul);
        return text;
    }

    <T> T json(Context ctx, Class<T> type) {
        byte[] body = bytes(ctx);
        T value;
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree != null) refuseNul(tree, "the body");
            value = tree == null ? null : MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
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

    private static void refuseNul(JsonNode node, String where) {
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) throw nulCharacter(where, node.textValue().indexOf('\0'));
        node.fields().forEachRemaining(field -> refuseNul(field.getValue(), "field " + field.getKey()));
        if (node.isArray()) node.forEach(element -> refuseNul(element, where));
    }

    private static WorkerError nulCharacter(String where, int at) {
        return WorkerError.badRequest("nul_character", null, where + " holds a NUL character (at " + at + "); SQL text and names cannot");
    }

    private WorkerError tooLarge(long declared) {
        String size = declared > 0 ? declared + " bytes" : "more than " + maxBytes + " bytes";
        return new WorkerError(413, "body_too_large", null, "the request body is " + size + "; this worker accepts at most "
                + maxBytes + " bytes (setting max-body-bytes); split the write into smaller requests");
    }
}
