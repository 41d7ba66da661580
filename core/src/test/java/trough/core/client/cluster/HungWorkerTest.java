package trough.core.client.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import trough.core.api.ClusterSegment;
import trough.core.client.TroughQueryException;
import trough.core.client.WorkerClient;
import trough.core.segment.SegmentId;

/**
 * A worker that takes the connection and never answers (paused, or behind a network that drops its packets): the read
 * fails at its timeout, and neither the cancel sent to that worker nor the thread that waits for its answer is held
 * for the socket's read timeout (minutes).
 */
class HungWorkerTest {
    private static final long TIMEOUT_MILLIS = 1_000;

    @Test
    void aReadFailsAtItsTimeoutAndFreesTheThreadThatWaitedForTheAnswer() throws Exception {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newCachedThreadPool();
        // Never accepted: the kernel completes the handshake and keeps the request, and no answer ever comes.
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String worker = "http://127.0.0.1:" + hung.getLocalPort();
            ClusterConnection cluster = new ClusterConnection(WorkerClient.defaultHttpClient(), List.of(worker), Long.MAX_VALUE);
            ClusterSegment segment = new ClusterSegment(SegmentId.of("s1"), "logs", List.of(worker), null);
            RemoteRows rows = new RemoteRows(cluster, "logs", pool, TIMEOUT_MILLIS, 100, List.of(), 0);
            rows.send(new ReadFragment("SELECT count(*) FROM t", List.of(), null), worker, List.of(segment), List.of());
            rows.sealed();
            // The reader gives up at the timeout, and the cancel it sends the hung worker gives up soon after.
            TroughQueryException error = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(TroughQueryException.class, rows::next));
            assertTrue(error.getMessage().contains("query timed out after " + TIMEOUT_MILLIS + " ms waiting for workers [" + worker + "]"),
                    error.getMessage());
            rows.close();
            // The exchange itself ends a little after the query's timeout, freeing the pool's thread.
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (pool.getActiveCount() > 0) Thread.sleep(50);
            });
            assertEquals(0, pool.getActiveCount());
        } finally {
            pool.shutdownNow();
        }
    }
}
