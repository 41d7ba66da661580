package trough.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load test L1, short: 16 clients for 5 s (the full run, {@code trough bench --load}, is 64 clients for
 * 60 s). Nothing may fail and no acknowledged write may be lost; the figures are printed, never asserted.
 */
class LoadBenchTest {
    @TempDir
    Path dir;

    @Test
    void manyClientsAtOnceLoseNothingAndNeverFail() throws Exception {
        LoadBench.Report report = LoadBench.run(16, Duration.ofSeconds(5), dir, System.out);
        report.print(System.out);
        assertEquals(0, report.failureCount(), "failures: " + report.failures());
        assertEquals(0, report.lost(), "acknowledged writes lost");
        assertTrue(report.queries() > 0 && report.writes() > 0, "both queries and writes ran: " + report);
    }
}
