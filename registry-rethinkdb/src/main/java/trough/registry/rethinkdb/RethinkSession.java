package trough.registry.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.ast.ReqlAst;
import com.rethinkdb.gen.ast.ReqlExpr;
import com.rethinkdb.gen.exc.ReqlAuthError;
import com.rethinkdb.gen.exc.ReqlAvailabilityError;
import com.rethinkdb.gen.exc.ReqlDriverError;
import com.rethinkdb.gen.exc.ReqlError;
import com.rethinkdb.gen.exc.ReqlOpIndeterminateError;
import com.rethinkdb.gen.proto.ResponseType;
import com.rethinkdb.model.OptArgs;
import com.rethinkdb.net.Connection;
import com.rethinkdb.net.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.RegistryException;
import trough.registry.rethinkdb.RethinkLocation.Host;

/**
 * One client's connection to the RethinkDB cluster, to whichever listed server answers. The driver's connection
 * multiplexes queries from many threads. When the server is lost the next query connects to another host; a
 * query that may safely run twice runs again there, and one a server could not place (its table's primary
 * replica is being elected after a server died) is tried again until the timeout. Queries are given as
 * suppliers: the driver changes a query's terms when it sends them, so a query runs again only as a new one.
 */
final class RethinkSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RethinkSession.class);
    private static final RethinkDB r = RethinkDB.r;
    private static final long RETRY_PAUSE_MILLIS = 250;
    private static final OptArgs WHOLE_ARRAYS = OptArgs.of("array_limit", Integer.MAX_VALUE);

    private final RethinkLocation location;
    private Connection connection;
    private int preferred;

    RethinkSession(RethinkLocation location) {
        this.location = location;
    }

    RethinkLocation location() {
        return location;
    }

    /** The answer of a query that may run twice (a read, or a write whose second run changes nothing more). */
    Object run(String what, Supplier<? extends ReqlAst> query) {
        return run(what, query, null);
    }

    /**
     * The rows of a read that answers a sequence, received whole as one array: a sequence the server sends in
     * parts (a page of thousands) is read through the driver's continuations, which can hang for good (it never
     * asks for the next part: rethinkdb-java issue 58; seen here reading a new master's view). An array has no
     * parts. Its size is bounded by the query (a page's limit, a worker's rows), not by RethinkDB's default
     * 100,000 elements.
     */
    List<Object> rows(String what, Supplier<? extends ReqlExpr> query) {
        Object rows = run(what, () -> query.get().coerceTo("array"), WHOLE_ARRAYS);
        return rows instanceof List<?> list ? new ArrayList<>(list) : List.of();
    }

    private Object run(String what, Supplier<? extends ReqlAst> query, OptArgs options) {
        long deadline = System.nanoTime() + location.timeout().toNanos();
        while (true) {
            Connection current = connection();
            try {
                return answer(options == null ? query.get().runAsync(current) : query.get().runAsync(current, options), what);
            } catch (ConnectionLost e) {
                forget(current);
                if (System.nanoTime() > deadline) throw e.registryException();
                LOG.warn("RethinkDB registry: {} ({}); trying again on another server", e.getMessage(), what);
            } catch (ReqlAvailabilityError e) {
                if (System.nanoTime() > deadline) throw failed(what, e);
                pause();
            } catch (ReqlError e) {
                throw failed(what, e);
            }
        }
    }

    /** The answer of a query that must not run twice: a lost answer is an error, and nothing is retried. */
    Object runOnce(String what, Supplier<? extends ReqlAst> query) {
        Connection current = connection();
        try {
            return answer(query.get().runAsync(current), what);
        } catch (ConnectionLost e) {
            forget(current);
            throw e.registryException();
        } catch (ReqlError e) {
            throw failed(what, e);
        }
    }

    /** Starts a changefeed on the current connection; its result is read on the caller's thread. */
    Result<Object> feed(String what, Supplier<? extends ReqlAst> query) {
        Connection current = connection();
        try {
            return query.get().runAsync(current).get(location.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | CompletionException e) {
            forget(current);
            throw new RegistryException("RethinkDB registry " + location + ": cannot start the feed of " + what + ": " + message(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while starting the feed of " + what, e);
        }
    }

    private Object answer(CompletableFuture<Result<Object>> pending, String what) {
        try {
            Result<Object> result = pending.get(location.timeout().toMillis(), TimeUnit.MILLISECONDS);
            // A sequence is read whole: every listing is bounded by a limit or by the number of workers.
            return result.responseType() == ResponseType.SUCCESS_ATOM ? result.single() : drain(result);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ReqlError reql && !(cause instanceof ReqlDriverError)) throw reql;
            throw new ConnectionLost(what + ": " + message(cause), cause);
        } catch (ReqlDriverError e) {
            throw new ConnectionLost(what + ": " + message(e), e);
        } catch (TimeoutException e) {
            throw new ConnectionLost(what + ": no answer within " + location.timeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while waiting for " + what, e);
        }
    }

    /**
     * Every element of a sequence answer. The driver's own toList can fail at the last batch: hasNext says yes
     * before the batch that ends the sequence arrives, then next finds it empty and throws; that is the end.
     */
    private static List<Object> drain(Result<Object> result) {
        List<Object> elements = new ArrayList<>();
        try {
            while (result.hasNext()) elements.add(result.next());
        } catch (NoSuchElementException end) {
            // The sequence ended with an empty batch.
        }
        return elements;
    }

    private synchronized Connection connection() {
        if (connection != null && connection.isOpen()) return connection;
        connection = null;
        List<String> failures = new ArrayList<>();
        List<Host> hosts = location.hosts();
        for (int i = 0; i < hosts.size(); i++) {
            int index = (preferred + i) % hosts.size();
            Host host = hosts.get(index);
            try {
                // The driver's timeout is in milliseconds (its connect and each handshake read): in seconds, as it
                // was, a loaded server's handshake outlasted it ("Read timed out").
                connection = r.connection().hostname(host.name()).port(host.port()).user(location.user(), location.password())
                        .timeout(location.timeout().toMillis()).connect();
                preferred = index;
                return connection;
            } catch (ReqlAuthError e) {
                // Another host would say the same: the users are the cluster's.
                throw new RegistryException("RethinkDB registry " + location + ": " + host + " refused user '" + location.user() + "': "
                        + message(e) + ". Check the user and password in the registry URL (rethinkdb://USER:PASSWORD@host...)", e);
            } catch (ReqlError | IllegalStateException e) {
                // The driver says "Connection timed out" for a refused connection too: name the host instead.
                failures.add(host + " (" + message(e) + ")");
            }
        }
        throw new RegistryException("RethinkDB registry " + location + ": no server accepted a connection: " + String.join(", ", failures)
                + ". Start RethinkDB there, or check the host and its driver port (" + RethinkLocation.DEFAULT_PORT + " by default)", null);
    }

    /** Drops a connection found broken, so that the next query starts with the next host. */
    private synchronized void forget(Connection broken) {
        if (connection != broken) return;
        connection = null;
        preferred = (preferred + 1) % location.hosts().size();
        try {
            broken.close(false);
        } catch (RuntimeException ignored) {
            // It is broken already; closing only frees what the driver still holds.
        }
    }

    private RegistryException failed(String what, ReqlError e) {
        String hint = e instanceof ReqlOpIndeterminateError ? " (the write may or may not have happened)" : "";
        return new RegistryException("RethinkDB registry " + location + ": " + what + " failed: " + message(e) + hint, e);
    }

    private static String message(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) cause = cause.getCause();
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.strip();
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while waiting for the registry", e);
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) connection.close(false);
        connection = null;
    }

    /** The connection broke or went silent; the query may or may not have run. */
    private final class ConnectionLost extends RuntimeException {
        ConnectionLost(String message, Throwable cause) {
            super(message, cause);
        }

        RegistryException registryException() {
            return new RegistryException("RethinkDB registry " + location + ": lost the server during " + getMessage(), this);
        }
    }
}
