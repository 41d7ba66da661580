package trough.worker.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a client that went away while its query runs, before the first row too. Jetty reads nothing from a
 * connection while its request is being handled, so a closed connection would only show when the answer is
 * written, and a query whose first row takes minutes would run on, holding a run slot, for nobody.
 *
 * <p>This watches the sockets of running queries on a selector of its own (a channel may be registered with
 * several, and Jetty's does not read it meanwhile). A watched socket that reads end-of-stream has been closed
 * by its client: the query is stopped. One that carries bytes holds a request the client pipelined behind
 * this one (or, over TLS, its closing alert); those bytes are read here and lost to Jetty, so the connection
 * is closed once this answer is complete and the client sends that request again, as HTTP/1.1 lets it.
 * Should Jetty see the close first and close the socket, no event comes here: watched connections are also
 * looked at every {@value #SWEEP_MILLIS} ms.
 */
public final class ClientDisconnects implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientDisconnects.class);
    /** How often watched connections are also checked for Jetty having closed them (then no read event comes here). */
    private static final long SWEEP_MILLIS = 250;

    private final Selector selector;
    private final Queue<Watch> registrations = new ConcurrentLinkedQueue<>();
    private final Set<Watch> watched = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    private ClientDisconnects(Selector selector) {
        this.selector = selector;
        this.thread = new Thread(this::run, "trough-disconnect-watch");
        thread.setDaemon(true);
    }

    public static ClientDisconnects start() {
        try {
            ClientDisconnects disconnects = new ClientDisconnects(Selector.open());
            disconnects.thread.start();
            return disconnects;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector to watch for clients going away: " + e.getMessage(), e);
        }
    }

    /**
     * Calls {@code onGone} once if the request's client closes its connection before the watch is closed. A
     * connection that is not a plain or TLS socket is not watched.
     */
    Watch watch(Context ctx, Runnable onGone) {
        EndPoint endPoint = ClientEndPoint.of(ctx);
        Watch watch = new Watch(ClientEndPoint.request(ctx), endPoint, ClientEndPoint.socket(endPoint), onGone);
        if (watch.channel != null) {
            registrations.add(watch);
            selector.wakeup();
        }
        return watch;
    }

    private void run() {
        while (!closed) {
            try {
                selector.select(key -> ((Watch) key.attachment()).readable(key), SWEEP_MILLIS);
                for (Watch watch : watched) watch.sweep();
            } catch (IOException | RuntimeException e) {
                if (!closed) LOG.warn("watching for clients that went away failed: {}; trying on", e.toString());
            }
            for (Watch watch = registrations.poll(); watch != null && !closed; watch = registrations.poll()) {
                try {
                    watch.register(selector);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cannot watch a client's connection for its going away: {}; its query runs unwatched", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("closing the disconnect selector: {}", e.toString());
        }
    }

    /** One request's watch; close it when the query is over. */
    final class Watch implements AutoCloseable {
        private final Request request;
        private final EndPoint endPoint;
        private final SocketChannel channel;
        private final Runnable onGone;
        private final ByteBuffer drain = ByteBuffer.allocate(512);
        private volatile SelectionKey key;
        private volatile boolean done;
        private volatile boolean readAhead;

        private Watch(Request request, EndPoint endPoint, SocketChannel channel, Runnable onGone) {
            this.request = request;
            this.endPoint = endPoint;
            this.channel = channel;
            this.onGone = onGone;
        }

        private void register(Selector selector) throws IOException {
            if (done) return;
            watched.add(this);
            SelectionKey previous = channel.keyFor(selector);
            if (previous != null && !previous.isValid()) {
                // The watch of the connection's previous request is cancelled but not yet deregistered: a selection does that.
                selector.selectNow(ready -> ((Watch) ready.attachment()).readable(ready));
            }
            try {
                key = channel.register(selector, SelectionKey.OP_READ, this);
            } catch (ClosedChannelException e) {
                gone();
            }
        }

        private void readable(SelectionKey readable) {
            if (done) {
                readable.cancel();
                return;
            }
            int read;
            try {
                drain.clear();
                read = channel.read(drain);
            } catch (IOException e) {
                read = -1; // reset by the client
            }
            if (read < 0) {
                readable.cancel();
                gone();
            } else if (read > 0) {
                readAhead = true;
            }
        }

        /** Jetty may see the client's close first (and close the socket, which ends this selector's interest silently). */
        private void sweep() {
            if (!channel.isOpen() || !endPoint.isOpen() || endPoint.isInputShutdown()) gone();
        }

        private void gone() {
            watched.remove(this);
            if (done) return;
            done = true;
            onGone.run();
        }

        @Override
        public void close() {
            done = true;
            watched.remove(this);
            SelectionKey registered = key;
            if (registered != null) {
                registered.cancel();
                selector.wakeup();
            }
            if (readAhead && request != null) {
                // Bytes of the client's next request were read here: the connection cannot go on after this answer.
                Request.addCompletionListener(request, failure -> endPoint.close());
            }
        }
    }
}
