package trough.tools.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import trough.core.api.QueryRequest;
import trough.core.client.QueryResponse;
import trough.core.client.WorkerClient;
import trough.core.segment.SegmentId;
import trough.tools.sample.CrawlLogSample;
import trough.worker.WorkerConfig;
import trough.worker.segment.SegmentStore;

/** {@code trough local}: a whole cluster on this machine, in one process. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs a whole Trough cluster on this machine: the embedded registry and a worker serving --data.",
                "Segment files already in --data (<segment-id>.sqlite) are registered and served."})
public final class LocalCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "trough-data", description = "directory of segment files (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--port", defaultValue = "6444", description = "port of the worker, 0 for any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--sample", description = "create the crawl_log sample data set (16 segments) if it is not there yet")
    boolean sample;

    @Option(names = "--sample-rows", defaultValue = "300000", description = "rows of the sample in all (default: ${DEFAULT-VALUE})")
    int sampleRows;

    @Option(names = "--exit", description = "answer the sample queries, then stop instead of serving")
    boolean exit;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        WorkerConfig config = WorkerConfig.defaults(data).withHost(host).withPort(port);
        if (sample) {
            LocalClusterSample.load(new SegmentStore(config.dataDir()), config.dataDir(), sampleRows, out);
        }
        try (LocalCluster cluster = LocalCluster.start(config)) {
            String url = cluster.worker().url();
            out.printf("trough local: worker %s serving %s (registry in %s)%n", url, data.toAbsolutePath(),
                    LocalCluster.registryDir(data.toAbsolutePath()));
            if (cluster.newlyRegistered() > 0) {
                out.printf("registered %d segment file(s) found in %s%n", cluster.newlyRegistered(), data.toAbsolutePath());
            }
            if (sample) answerSampleQuery(url, out);
            printHowToQuery(url, out);
            if (exit) return 0;
            out.println("serving until Ctrl-C");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }

    private static void answerSampleQuery(String url, PrintStream out) throws Exception {
        OkHttpClient http = WorkerClient.defaultHttpClient();
        try {
            WorkerClient worker = WorkerClient.sharing(http, url);
            List<String> segments = new CrawlLogSample(LocalClusterSample.SEED, LocalClusterSample.SEGMENTS, 0).segmentIds().stream().map(SegmentId::value).toList();
            String sql = "SELECT count(*) AS fetches, sum(size) AS bytes, count(DISTINCT host) AS hosts FROM crawl_log";
            out.printf("%nquery over %d segments: %s%n%n", segments.size(), sql);
            long started = System.nanoTime();
            try (QueryResponse response = worker.query(new QueryRequest(sql, segments, List.of(), true, 0))) {
                List<Object[]> rows = new ArrayList<>();
                for (Object[] row = response.next(); row != null; row = response.next()) rows.add(row);
                TablePrinter.print(out, response.columns().stream().map(c -> c.name()).toList(), rows);
                out.printf("(%d rows, %.1f ms)%n%n", rows.size(), (System.nanoTime() - started) / 1e6);
            }
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static void printHowToQuery(String url, PrintStream out) {
        out.println("query one segment with the original Trough API:");
        out.printf("  curl -s --data-binary 'SELECT host, count(*) FROM crawl_log GROUP BY host ORDER BY 2 DESC LIMIT 5' '%s/?segment=crawl-job-1001'%n", url);
        out.println("query several segments with the native API (docs/http-api.md):");
        out.printf("  curl -s -H 'Content-Type: application/json' -d '{\"sql\": \"SELECT count(*) FROM crawl_log\", \"segments\": [\"crawl-job-1001\", \"crawl-job-1002\"], \"segmentColumn\": true}' %s/v1/query%n", url);
    }
}
