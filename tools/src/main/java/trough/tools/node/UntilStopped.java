package trough.tools.node;

import java.util.concurrent.CountDownLatch;

/** Blocks a server command until the process is asked to stop (Ctrl-C, SIGTERM); resources close on the way out. */
public final class UntilStopped {
    private UntilStopped() {}

    public static void await() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            try {
                // Let the command close its servers and hand its leases back before the JVM exits.
                main.join(10_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "trough-shutdown"));
        stopped.await();
    }
}
