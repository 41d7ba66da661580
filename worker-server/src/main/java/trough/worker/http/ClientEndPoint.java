package trough.worker.http;

import io.javalin.http.Context;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Request;

/** The Jetty request and connection under a Javalin context: what bounding a body's time and watching for a gone client need. */
final class ClientEndPoint {
    private ClientEndPoint() {}

    /** Jetty's own request, or null when the context is not served by Jetty's servlet layer. */
    static Request request(Context ctx) {
        return ServletContextRequest.getServletContextRequest(ctx.req());
    }

    /** The request's connection endpoint (TLS already decrypted), or null. */
    static EndPoint of(Context ctx) {
        Request request = request(ctx);
        return request == null ? null : request.getConnectionMetaData().getConnection().getEndPoint();
    }

    /** The socket under an endpoint, TLS unwrapped; null for any other kind of connection. */
    static SocketChannel socket(EndPoint endPoint) {
        EndPoint raw = endPoint instanceof SslConnection.SslEndPoint tls ? tls.getSslConnection().getEndPoint() : endPoint;
        return raw instanceof SocketChannelEndPoint socket ? socket.getChannel() : null;
    }
}
