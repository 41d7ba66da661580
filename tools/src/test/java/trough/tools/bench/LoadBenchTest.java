package trough.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load test L1, short: 16 clients, 1 s of warm-up and 4 s measured (the full run, {@code trough bench --load},
 * is 64 clients, 30 s and 60 s). Nothing may fail and no acknowledged write may be lost, the warm-up's writes
 * included; the figures are printed, never asserted.
 */
class LoadBenchTest {
    @TempDir
    Path dir;

    @Test
    void manyClientsAtOnceLoseNothingAndNeverFail() throws Exception {
        LoadBench.Report report = LoadBench.run(16, Duration.ofSeconds(1), Duration.ofSeconds(4), dir, System.out);
        report.print(System.out);
        assertEquals(0, report.failureCount(), "failures: " + report.failures());
        assertEquals(0, report.lost(), "acknowledged writes lost");
        assertTrue(report.warmUp().queries() > 0 && report.warmUp().writes() > 0,
                "the warm-up ran both: " + report.warmUp().queries() + " queries, " + report.warmUp().writes() + " writes");
        assertTrue(report.measured().queries() > 0 && report.measured().writes() > 0,
                "the measured time ran both: " + report.measured().queries() + " queries, " + report.measured().writes() + " writes");
    }
}
