package trough.tools.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import trough.core.client.WorkerClient;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.jdbc.oracle.OracleDataSet;
import trough.sync.registry.EmbeddedRegistry;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/** The oracle data set served by a real worker on loopback, its segments registered under the schema "oracle". */
final class OracleCluster implements AutoCloseable {
    final OracleDataSet data;
    final Registry registry;
    final WorkerServer worker;
    final String url;
    private final OkHttpClient http = WorkerClient.defaultHttpClient();

    private OracleCluster(OracleDataSet data, Registry registry, WorkerServer worker) {
        this.data = data;
        this.registry = registry;
        this.worker = worker;
        this.url = "jdbc:trough://127.0.0.1:" + worker.port() + "/oracle";
    }

    static OracleCluster start(Path dir, int segments, int rows, long seed) throws SQLException {
        OracleDataSet data = OracleDataSet.create(dir.resolve("data"), segments, rows, seed, true);
        Registry registry = EmbeddedRegistry.open(dir.resolve("registry"));
        registry.putSchema(SchemaValidator.validate("oracle", OracleDataSet.T_DDL + ";" + OracleDataSet.U_DDL));
        for (String segment : data.segments) registry.putSegment(SegmentRecord.local(SegmentId.of(segment), "oracle", 0));
        return new OracleCluster(data, registry, WorkerServer.start(WorkerConfig.defaults(data.directory).withPort(0), registry));
    }

    /** The value of a line of the worker's /metrics that starts with {@code series}, or 0 when absent. */
    double metric(String series) {
        try (Response response = http.newCall(new Request.Builder().url(worker.url() + "/metrics").build()).execute()) {
            for (String line : response.body().string().split("\n")) {
                if (line.startsWith(series + " ")) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        worker.close();
        registry.close();
    }
}
