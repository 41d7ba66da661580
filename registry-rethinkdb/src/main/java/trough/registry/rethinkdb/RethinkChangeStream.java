package trough.registry.rethinkdb;

import java.util.function.Consumer;
import trough.core.registry.RegistryChange;
import trough.core.registry.Watch;
import trough.core.segment.SegmentId;

/**
 * {@link trough.core.registry.Registry#followChanges} on RethinkDB: a changefeed on {@code segments} and one on
 * {@code replicas}, each followed on its own thread. A change carries the document as it is after the change
 * ({@code new_val}, or only {@code old_val} when deleted), so nothing is read again. A feed that broke, or that
 * the server cut short because its follower fell behind (an {@code error} document: the server's queue of
 * changes overflowed), is told as {@link RegistryChange.ChangesMissed}.
 */
final class RethinkChangeStream implements Watch {
    private final RethinkFeed segments;
    private final RethinkFeed replicas;
    private final Consumer<RethinkChangeStream> onClose;

    RethinkChangeStream(RethinkSession session, RethinkTables tables, Consumer<RegistryChange> listener, Consumer<RethinkChangeStream> onClose) {
        this.onClose = onClose;
        this.segments = new RethinkFeed(session, "the segments", () -> tables.segments().changes(),
                change -> segmentChange(change, listener), () -> listener.accept(new RegistryChange.ChangesMissed("the feed of segments broke")),
                feed -> {});
        try {
            this.replicas = new RethinkFeed(session, "the replicas", () -> tables.replicas().changes(),
                    change -> replicaChange(change, listener), () -> listener.accept(new RegistryChange.ChangesMissed("the feed of replicas broke")),
                    feed -> {});
        } catch (RuntimeException e) {
            segments.close();
            throw e;
        }
    }

    private static void segmentChange(Object change, Consumer<RegistryChange> listener) {
        Document document = Document.of(change);
        if (missed(document, listener)) return;
        Document now = document.document("new_val");
        if (now != null) {
            listener.accept(new RegistryChange.SegmentChanged(SegmentId.of(now.text("id")), RethinkRegistry.toSegment(now)));
        } else {
            listener.accept(new RegistryChange.SegmentChanged(SegmentId.of(document.document("old_val").text("id")), null));
        }
    }

    private static void replicaChange(Object change, Consumer<RegistryChange> listener) {
        Document document = Document.of(change);
        if (missed(document, listener)) return;
        Document now = document.document("new_val");
        Document either = now != null ? now : document.document("old_val");
        listener.accept(new RegistryChange.ReplicaChanged(SegmentId.of(either.text("segment")), either.text("worker"),
                now == null ? null : RethinkPlacements.toReplica(now)));
    }

    private static boolean missed(Document document, Consumer<RegistryChange> listener) {
        if (document.text("error") == null) return false;
        listener.accept(new RegistryChange.ChangesMissed("RethinkDB: " + document.text("error")));
        return true;
    }

    @Override
    public void close() {
        segments.close();
        replicas.close();
        onClose.accept(this);
    }
}
