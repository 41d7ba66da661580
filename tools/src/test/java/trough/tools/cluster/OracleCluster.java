package trough.tools.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import trough.core.client.WorkerClient;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.jdbc.oracle.OracleDataSet;
import trough.jdbc.tpch.TpchData;
import trough.registry.embedded.EmbeddedRegistry;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/**
 * Segment files served by a real worker on loopback, registered under one schema: the oracle data set (schema
 * "oracle"), or the TPC-H tables (schema "tpch").
 */
final class OracleCluster implements AutoCloseable {
    final OracleDataSet data;
    final Registry registry;
    final WorkerServer worker;
    final String url;
    private final OkHttpClient http = WorkerClient.defaultHttpClient();

    private OracleCluster(OracleDataSet data, Registry registry, WorkerServer worker, String schema) {
        this.data = data;
        this.registry = registry;
        this.worker = worker;
        this.url = "jdbc:trough://127.0.0.1:" + worker.port() + "/" + schema;
    }

    static OracleCluster start(Path dir, int segments, int rows, long seed) throws SQLException {
        OracleDataSet data = OracleDataSet.create(dir.resolve("data"), segments, rows, seed, true);
        return serve(dir, data, "oracle", OracleDataSet.T_DDL + ";" + OracleDataSet.U_DDL, data.directory, data.segments);
    }

    /** The TPC-H segments of {@code tpch}, under the schema "tpch"; {@link #data} is null. */
    static OracleCluster serve(Path dir, TpchData tpch) {
        return serve(dir, null, "tpch", TpchData.DDL, tpch.segmentDirectory, tpch.segments);
    }

    private static OracleCluster serve(Path dir, OracleDataSet data, String schema, String ddl, Path segmentDirectory, List<String> segments) {
        Registry registry = EmbeddedRegistry.open(dir.resolve("registry"));
        registry.putSchema(SchemaValidator.validate(schema, ddl));
        for (String segment : segments) registry.putSegment(SegmentRecord.local(SegmentId.of(segment), schema, 0));
        return new OracleCluster(data, registry, WorkerServer.start(WorkerConfig.defaults(segmentDirectory).withPort(0), registry), schema);
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
