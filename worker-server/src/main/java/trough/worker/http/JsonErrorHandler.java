package trough.worker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import trough.core.api.ErrorBody;

/**
 * Jetty's own refusals (a request it cannot parse, an overlong URI or header, an HTTP version it does not
 * speak, an ambiguous path) in the JSON error shape every other answer has, instead of Jetty's HTML page.
 * They are the client's mistakes, so an unknown HTTP version is a 400 too, not Jetty's 505.
 */
public final class JsonErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpField JSON_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        int status = clientStatus(code);
        response.setStatus(status);
        response.getHeaders().put(JSON_TYPE);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    /** Answers a request Jetty could not even parse; the status line keeps Jetty's code, the body says what went wrong. */
    @Override
    public ByteBuffer badMessageError(int code, String message, HttpFields.Mutable fields) {
        fields.put(JSON_TYPE);
        return BufferUtil.toBuffer(body(code, message));
    }

    private static int clientStatus(int code) {
        return code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 ? HttpStatus.BAD_REQUEST_400 : code;
    }

    private static byte[] body(int code, String message) {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        ErrorBody body = new ErrorBody(kind(code), null, "the worker could not read this HTTP request: " + reason + "; see docs/http-api.md");
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            return ("{\"error\": \"" + kind(code) + "\", \"segment\": null, \"detail\": \"" + HttpStatus.getMessage(code) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String kind(int code) {
        return switch (code) {
            case HttpStatus.URI_TOO_LONG_414 -> "uri_too_long";
            case HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> "headers_too_large";
            case HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505 -> "unsupported_http_version";
            case HttpStatus.PAYLOAD_TOO_LARGE_413 -> "body_too_large";
            case HttpStatus.REQUEST_TIMEOUT_408 -> "body_timeout";
            default -> code >= 500 ? "internal" : "bad_request";
        };
    }
}
