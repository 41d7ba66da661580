package trough.worker.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import trough.core.registry.PlacementRound;

/** The worker's Prometheus metrics, in a registry of its own so several workers can share a JVM in tests. */
public final class WorkerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter format = PrometheusTextFormatWriter.create();
    private final Counter requests;
    private final Histogram latency;
    private final Counter rowsReturned;
    private final Counter bytesSent;
    private final Counter rowsWritten;

    /**
     * @param failingDownloads segments whose download from durable storage fails now (the sync agent's view)
     * @param failedDownloads  failed download rounds since start
     * @param lastRound        the sync master's last placement round, from the registry
     */
    public WorkerMetrics(IntSupplier openConnections, IntSupplier runningQueries, IntSupplier failingDownloads, LongSupplier failedDownloads,
                         Supplier<Optional<PlacementRound>> lastRound) {
        requests = Counter.builder().name("trough_requests_total").help("HTTP requests served, by endpoint and status")
                .labelNames("endpoint", "status").register(registry);
        latency = Histogram.builder().name("trough_request_duration_seconds").help("time to serve a request, by endpoint")
                .labelNames("endpoint").register(registry);
        rowsReturned = Counter.builder().name("trough_rows_returned_total").help("rows sent in query answers").register(registry);
        bytesSent = Counter.builder().name("trough_query_bytes_sent_total").help("bytes sent in query answers").register(registry);
        rowsWritten = Counter.builder().name("trough_rows_written_total").help("rows changed by committed writes").register(registry);
        GaugeWithCallback.builder().name("trough_open_segment_connections").help("SQLite connections open, idle or in use")
                .callback(callback -> callback.call(openConnections.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("trough_queries_running").help("queries running now")
                .callback(callback -> callback.call(runningQueries.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("trough_sync_segments_failing").help("assigned segments whose download keeps failing (see /health)")
                .callback(callback -> callback.call(failingDownloads.getAsInt())).register(registry);
        CounterWithCallback.builder().name("trough_sync_download_failures").help("download rounds that failed (checksum or storage errors)")
                .callback(callback -> callback.call(failedDownloads.getAsLong())).register(registry);
        registry.register(new PlacementGauges(lastRound));
    }

    public void request(String endpoint, int status, double seconds) {
        requests.labelValues(endpoint, Integer.toString(status)).inc();
        latency.labelValues(endpoint).observe(seconds);
    }

    public void queryAnswered(long rows, long bytes) {
        rowsReturned.inc(rows);
        bytesSent.inc(bytes);
    }

    public void rowsWritten(long rows) {
        rowsWritten.inc(rows);
    }

    public String contentType() {
        return format.getContentType();
    }

    public void writeTo(OutputStream out) throws IOException {
        format.write(out, registry.scrape());
    }
}
