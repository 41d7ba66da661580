package trough.sync.master;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import trough.core.registry.Assignment;
import trough.core.registry.Page;
import trough.core.registry.Registry;
import trough.core.registry.Replica;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;

/**
 * A new master's view, read in the background: every segment that can be fetched, every assignment and every
 * replica, a page at a time, the three tables at once (a registry that serves queries in parallel answers them
 * together). At 1.5 million segments this takes most of a minute; the master places the registry's changes
 * meanwhile ({@link ChangesDuringLoad}) and takes the view once it is in.
 *
 * <p>The reads do not ask for the leader lease: the master's own thread keeps it while it waits, and closes the
 * load when it loses it.
 */
final class ViewLoad implements AutoCloseable {
    /** The view as read, and its segments in id order (the order a full round places them in). */
    record Loaded(PlacementView view, List<PlacementView.Segment> order) {}

    private final ExecutorService readers = Executors.newFixedThreadPool(3, runnable -> {
        Thread thread = new Thread(runnable, "trough-master-view-reader");
        thread.setDaemon(true);
        return thread;
    });
    private final CompletableFuture<Loaded> loaded;
    private volatile boolean closed;

    /** Starts reading at once, {@code page} rows a query. */
    ViewLoad(Registry registry, int page) {
        CompletableFuture<List<Assignment>> assignments = CompletableFuture.supplyAsync(
                () -> readAll(after -> registry.placements().assignments(after, page)), readers);
        CompletableFuture<List<Replica>> replicas = CompletableFuture.supplyAsync(
                () -> readAll(after -> registry.placements().replicas(after, page)), readers);
        CompletableFuture<Loaded> segments = CompletableFuture.supplyAsync(() -> readSegments(registry, page), readers);
        loaded = segments.thenCombine(assignments, (view, rows) -> {
            for (Assignment assignment : rows) {
                PlacementView.Segment segment = view.view().get(assignment.segment());
                if (segment != null) view.view().addHolder(segment, assignment.worker());
            }
            return view;
        }).thenCombine(replicas, (view, rows) -> {
            for (Replica replica : rows) {
                PlacementView.Segment segment = view.view().get(replica.segment());
                if (segment != null) view.view().setReplica(segment, replica.worker(), replica.generation());
            }
            return view;
        });
    }

    boolean isDone() {
        return loaded.isDone();
    }

    /** The view, once {@link #isDone}; throws what a read failed with. */
    Loaded get() {
        try {
            return loaded.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw e;
        }
    }

    private Loaded readSegments(Registry registry, int page) {
        PlacementView view = new PlacementView();
        List<PlacementView.Segment> order = new ArrayList<>();
        String after = null;
        do {
            checkOpen();
            SegmentPage read = registry.segments("", after, page);
            for (SegmentRecord record : read.segments()) if (PlacementView.placeable(record)) order.add(view.put(record));
            after = read.next();
        } while (after != null);
        return new Loaded(view, order);
    }

    private <T> List<T> readAll(Function<String, Page<T>> pages) {
        return Page.all(after -> {
            checkOpen();
            return pages.apply(after);
        });
    }

    /** A load closed part way (the lease lost, the round failed, the load started again) stops at its next page. */
    private void checkOpen() {
        if (closed) throw new CancellationException("the view load was stopped");
    }

    @Override
    public void close() {
        closed = true;
        loaded.cancel(false);
        readers.shutdownNow();
    }
}
