package trough.tools.local;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import trough.core.registry.Registry;
import trough.core.schema.SchemaDefinition;
import trough.tools.config.RegistryLocation;
import trough.tools.node.UntilStopped;
import trough.tools.sample.CrawlLogSample;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;
import trough.worker.security.SecuritySettings;
import trough.worker.segment.SegmentCatalog;
import trough.worker.segment.SegmentStore;

/** {@code trough local}: a whole cluster on this machine, in one process. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Runs a whole Trough cluster on this machine, in this one process: the embedded registry, --workers "
                + "workers (the first serves --data) and a sync master placing --replicas copies of each promoted segment.",
                "Segment files already in --data (<segment-id>.sqlite) are registered and served; those that have no schema get one "
                        + "derived from their own DDL (files with the same DDL share it)."})
public final class LocalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

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

    @Option(names = "--workers", defaultValue = "1", description = "workers to run, in this one process (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--replicas", defaultValue = "2", description = "copies of each segment the sync master places (default: ${DEFAULT-VALUE})")
    int replicas;

    @Option(names = "--storage", description = "durable storage of promoted segments, hdfs://host:port/path or file:///path "
            + "(default: <data>/.trough/storage)")
    URI storage;

    @Option(names = "--tokens", description = "tokens file the workers accept (lines '<name> <role> sha256:<hex>', see 'trough token'); "
            + "default: none, which is only allowed on a loopback --host")
    Path tokens;

    @Option(names = "--insecure", description = "serve a non-loopback --host without tokens: anyone who reaches it may read, write and delete")
    boolean insecure;

    @Option(names = "--registry", description = "the registry: rethinkdb://host:port[,host:port]/database for a RethinkDB cluster's "
            + "(default: the embedded one in <data>/.trough)")
    String registry;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (workers < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be at least 1");
        URI durable = storage != null ? storage : LocalCluster.defaultStorage(data);
        WorkerConfig config = WorkerConfig.defaults(data).withHost(host).withPort(port).withStorage(durable)
                .withSecurity(SecuritySettings.none().withTokens(tokens).withInsecure(insecure));
        // One worker is one machine: there is no second one for a write to be durable on.
        if (workers == 1) config = config.withMembership(config.membership().withDurability("local"));
        Registry chosen = registry == null ? RegistryLocation.embedded(LocalCluster.registryDir(config.dataDir())) : RegistryLocation.open(registry);
        if (sample) {
            try {
                LocalClusterSample.load(new SegmentStore(config.dataDir()), chosen, sampleRows, out);
            } catch (SQLException | RuntimeException e) {
                chosen.close();
                throw e;
            }
        }
        try (LocalCluster cluster = LocalCluster.start(config, chosen, workers, replicas)) {
            for (WorkerServer worker : cluster.workers()) {
                out.printf("trough local: %s at %s serving %s%n", worker.workerId(), worker.url(), worker.dataDir().toAbsolutePath());
            }
            out.printf("registry %s, durable copies in %s%n", registry == null ? "in " + LocalCluster.registryDir(data.toAbsolutePath()) : RegistryLocation.describe(registry), durable);
            SegmentCatalog.LocalFiles found = cluster.newlyRegistered();
            if (found.registered() > 0) out.printf("registered %d segment file(s) found in %s%n", found.registered(), data.toAbsolutePath());
            for (String skipped : found.skipped()) out.println("warning: skipped " + skipped);
            if (workers > 1) {
                cluster.promoteUnpromoted(out);
                cluster.awaitReplicas(Math.min(replicas, workers), Duration.ofMinutes(2), out);
            }
            List<String> workerUrls = cluster.workers().stream().map(WorkerServer::url).toList();
            String url = jdbcUrl(workerUrls, CrawlLogSample.SCHEMA_NAME);
            if (sample && tokens == null) answerSampleQueries(url, out);
            if (sample && tokens != null) out.println("the workers take tokens: query with " + url + "?token=<a token of the read role>");
            printHowToQuery(cluster.worker().url(), workerUrls, schemasInUse(cluster.registry()), out);
            if (exit) return 0;
            out.println("serving until Ctrl-C");
            UntilStopped.await();
        }
        return 0;
    }

    /** Queries that show the cluster answering as one database: merged aggregates, a top-N, pruning by segment. */
    static final List<String> SAMPLE_QUERIES = List.of(
            "SELECT count(*) AS fetches, sum(size) AS bytes, count(DISTINCT host) AS hosts FROM crawl_log",
            "SELECT host, count(*) AS fetches, sum(size) AS bytes FROM crawl_log GROUP BY host ORDER BY bytes DESC LIMIT 5",
            "SELECT _segment, status_code, count(*) AS fetches FROM crawl_log WHERE _segment IN ('crawl-job-1001', 'crawl-job-1002') "
                    + "AND status_code >= 400 GROUP BY _segment, status_code ORDER BY 1, 2");

    /** The driver URL of a schema, listing every worker so that it still connects when one of them is down. */
    static String jdbcUrl(List<String> workerUrls, String schema) {
        List<String> hosts = workerUrls.stream().map(url -> url.substring(url.indexOf("//") + 2)).toList();
        return "jdbc:trough://" + String.join(",", hosts) + "/" + schema;
    }

    /** The schemas that have segments: the ones worth a URL. */
    private static List<String> schemasInUse(Registry registry) {
        return registry.schemas().stream().map(SchemaDefinition::name).filter(name -> registry.segmentCountBySchema(name) > 0).toList();
    }

    private static void answerSampleQueries(String url, PrintStream out) throws SQLException {
        out.printf("%nanswering through the JDBC driver: %s%n", url);
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            for (String sql : SAMPLE_QUERIES) {
                out.printf("%n%s%n%n", sql);
                long started = System.nanoTime();
                try (ResultSet rows = statement.executeQuery(sql)) {
                    int width = rows.getMetaData().getColumnCount();
                    List<String> header = new ArrayList<>();
                    for (int i = 1; i <= width; i++) header.add(rows.getMetaData().getColumnLabel(i));
                    List<Object[]> values = new ArrayList<>();
                    while (rows.next()) {
                        Object[] row = new Object[width];
                        for (int i = 0; i < width; i++) row[i] = rows.getObject(i + 1);
                        values.add(row);
                    }
                    TablePrinter.print(out, header, values);
                    out.printf("(%d row%s, %.1f ms)%n", values.size(), values.size() == 1 ? "" : "s", (System.nanoTime() - started) / 1e6);
                }
            }
        }
        out.println();
    }

    private static void printHowToQuery(String url, List<String> workerUrls, List<String> schemas, PrintStream out) {
        if (schemas.isEmpty()) {
            out.printf("no segments yet: register a schema (PUT %s/v1/schemas/NAME, docs/http-api.md), then query it with any JDBC tool at %s%n",
                    url, jdbcUrl(workerUrls, "NAME"));
        }
        for (String schema : schemas) {
            out.printf("query the whole cluster as one database with any JDBC tool: %s (driver jar: jdbc-driver/target/)%n", jdbcUrl(workerUrls, schema));
        }
        if (!schemas.contains(CrawlLogSample.SCHEMA_NAME)) return;
        out.println("query one segment with the original Trough API:");
        out.printf("  curl -s --data-binary 'SELECT host, count(*) FROM crawl_log GROUP BY host ORDER BY 2 DESC LIMIT 5' '%s/?segment=crawl-job-1001'%n", url);
        out.println("query several segments with the native API (docs/http-api.md):");
        out.printf("  curl -s -H 'Content-Type: application/json' -d '{\"sql\": \"SELECT count(*) FROM crawl_log\", \"segments\": [\"crawl-job-1001\", \"crawl-job-1002\"], \"segmentColumn\": true}' %s/v1/query%n", url);
    }
}
