package trough.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An answer read off a plain socket, for requests no well-behaved client library would send. */
record RawHttp(int status, String body) {
    static RawHttp send(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before reading all of an overlong request
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try {
                in.transferTo(response);
            } catch (IOException e) {
                // a reset after the answer: what arrived is enough
            }
            String text = response.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/")) return new RawHttp(0, text);
            int status = Integer.parseInt(text.substring(9, 12));
            int headersEnd = text.indexOf("\r\n\r\n");
            String headers = text.substring(0, headersEnd).toLowerCase();
            String body = text.substring(headersEnd + 4);
            if (headers.contains("transfer-encoding: chunked")) body = unchunk(body);
            return new RawHttp(status, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
            if (size == 0) return body.toString();
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
