package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
    /**
     * Each write moves money between accounts in one transaction, so the total never changes and the number
     * of transfers only grows. Readers running in parallel must never see a half-applied write.
     */
    @Test
    void parallelReadersAndOneWriterSeeOnlyWholeCommits(@TempDir Path dir) throws Exception {
        try (TestWorker worker = TestWorker.start(dir)) {
            worker.segments("bank", "CREATE TABLE account (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL); "
                    + "CREATE TABLE transfer (id INTEGER PRIMARY KEY, amount INTEGER)", "bank");
            StringBuilder open = new StringBuilder();
            for (int i = 1; i <= 10; i++) open.append("INSERT INTO account VALUES (").append(i).append(", 1000);");
            worker.write("bank", open.toString());

            int transfers = 200;
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(9);
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    long lastTransfers = -1;
                    while (writing.get() || reads < 5) {
                        TestWorker.Answer answer = worker.query("SELECT (SELECT sum(balance) FROM account) AS total, "
                                + "(SELECT count(*) FROM transfer) AS transfers", "bank");
                        assertEquals(200, answer.status(), answer.toString());
                        JsonNode row = answer.json().get(0);
                        assertEquals(10_000, row.get("total").asLong(), "a reader saw half a transfer");
                        long seen = row.get("transfers").asLong();
                        assertTrue(seen >= lastTransfers, "transfers went backwards: " + lastTransfers + " then " + seen);
                        lastTransfers = seen;
                        reads++;
                    }
                    return reads;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int t = 0; t < transfers; t++) {
                        int from = 1 + t % 10;
                        int to = 1 + (t * 7 + 3) % 10;
                        worker.write("bank", "UPDATE account SET balance = balance - 5 WHERE id = " + from + ";"
                                + "INSERT INTO transfer (amount) VALUES (5);"
                                + "UPDATE account SET balance = balance + 5 WHERE id = " + to + ";");
                    }
                } finally {
                    writing.set(false);
                }
            });
            writer.get(2, TimeUnit.MINUTES);
            int reads = 0;
            for (Future<Integer> reader : readers) reads += reader.get(2, TimeUnit.MINUTES);
            pool.shutdown();
            assertTrue(reads >= 40, "readers ran: " + reads);
            assertEquals(transfers, worker.count("bank", "transfer"));
        }
    }
}
