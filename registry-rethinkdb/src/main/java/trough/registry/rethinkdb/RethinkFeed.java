package trough.registry.rethinkdb;

import com.rethinkdb.ast.ReqlAst;
import com.rethinkdb.net.Result;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.RegistryException;
import trough.core.registry.Watch;

/**
 * A RethinkDB changefeed followed on a thread of its own, handing each change to the listener. The feed is
 * open when the constructor returns, so no change after it is missed. When the server goes, {@code onBreak} is
 * called once (changes may have been missed) and the feed is opened again on another server.
 */
final class RethinkFeed implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(RethinkFeed.class);
    private static final long REOPEN_PAUSE_MILLIS = 500;

    private final RethinkSession session;
    private final String what;
    private final Supplier<? extends ReqlAst> query;
    private final Consumer<Object> listener;
    private final Runnable onBreak;
    private final Consumer<RethinkFeed> onClose;
    private final Thread follower;
    private volatile Result<Object> current;
    private volatile boolean closed;

    /** A feed whose every change, and every break, is only a signal to {@code listener}. */
    RethinkFeed(RethinkSession session, String what, Supplier<? extends ReqlAst> query, Runnable listener, Consumer<RethinkFeed> onClose) {
        this(session, what, query, change -> listener.run(), listener, onClose);
    }

    RethinkFeed(RethinkSession session, String what, Supplier<? extends ReqlAst> query, Consumer<Object> listener, Runnable onBreak,
                Consumer<RethinkFeed> onClose) {
        this.session = session;
        this.what = what;
        this.query = query;
        this.listener = listener;
        this.onBreak = onBreak;
        this.onClose = onClose;
        this.current = session.feed(what, query);
        this.follower = new Thread(this::follow, "trough-feed " + what);
        follower.setDaemon(true);
        follower.start();
    }

    private void follow() {
        while (!closed) {
            Object change;
            try {
                change = current.next();
            } catch (RuntimeException e) {
                if (closed) return;
                LOG.warn("RethinkDB registry: the feed of {} broke ({}); opening it again", what, e.getMessage());
                tell(onBreak);
                reopen();
                continue;
            }
            tell(() -> listener.accept(change));
        }
    }

    /** Tries every half second until the feed is open again; says so once when it fails, once when it is back. */
    private void reopen() {
        boolean told = false;
        while (!closed) {
            try {
                Thread.sleep(REOPEN_PAUSE_MILLIS);
                current = session.feed(what, query);
                if (told) LOG.info("RethinkDB registry: the feed of {} is open again", what);
                return;
            } catch (InterruptedException e) {
                return;
            } catch (RegistryException e) {
                if (!told) LOG.warn("RethinkDB registry: cannot open the feed of {} yet, trying every {} ms: {}", what, REOPEN_PAUSE_MILLIS, e.getMessage());
                told = true;
            }
        }
    }

    private void tell(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("the listener of the feed of {} failed", what, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        follower.interrupt();
        try {
            current.close();
        } catch (RuntimeException ignored) {
            // The feed's connection may be gone already; nothing is left to stop.
        }
        onClose.accept(this);
    }
}
