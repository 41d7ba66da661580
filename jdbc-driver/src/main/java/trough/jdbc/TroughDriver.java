package trough.jdbc;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.ObjectName;
import okhttp3.OkHttpClient;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import trough.calcite.cluster.ClusterSegmentSource;
import trough.calcite.cluster.RemoteSegmentExecutor;
import trough.calcite.exec.FetchSizes;
import trough.calcite.exec.QuerySettings;
import trough.calcite.file.FileSegmentSource;
import trough.calcite.prepare.PlanCache;
import trough.calcite.prepare.TroughPrepare;
import trough.calcite.prepare.TroughTypeSystem;
import trough.calcite.rel.TroughTableScan;
import trough.calcite.schema.ChosenSegments;
import trough.calcite.schema.SegmentSource;
import trough.calcite.schema.TroughSchema;
import trough.core.api.ClusterMap;
import trough.core.client.TroughQueryException;
import trough.core.client.WorkerClient;
import trough.core.client.cluster.ClusterConnection;
import trough.core.schema.SchemaDefinition;

/**
 * The {@code jdbc:trough:} driver: the whole cluster, or a directory of segment files, as one database, on
 * Apache Calcite. See {@link TroughUrl} for the URL forms and {@link ConnectionProperty} for the properties.
 */
public final class TroughDriver extends Driver {
    /** The schema name a directory of segment files is shown under. */
    public static final String FILE_SCHEMA = "main";

    /** How often a connection asks the cluster whether its map changed, at most. */
    private static final long CLUSTER_RECHECK_MILLIS = 1000;
    private static final String BINDABLE_CACHE = "calcite.bindable.cache.maxSize";
    /** The system property that bounds the plans a driver keeps ({@link PlanCache}). */
    public static final String PLAN_CACHE_SIZE = "trough.planCache.maxSize";
    private static final AtomicInteger DRIVERS = new AtomicInteger();

    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(daemon("trough-jdbc-watchdog"));
    /** One HTTP client (one connection pool) for every connection of this driver. */
    private final OkHttpClient http = WorkerClient.defaultHttpClient();
    /**
     * Threads that scan segment files. The pool grows as scans need (each scan bounds its own parallelism by
     * maxConcurrency) and idle threads go away, so an unclosed connection leaks nothing.
     */
    private final ExecutorService scanThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), daemon("trough-jdbc-scan"));

    static {
        // Calcite compiles the Java it generates for each query with Janino; queries of the same shape
        // generate the same code (their plans are passed in as parameters), so keeping compiled classes
        // halves the time to prepare a repeated query. Read once when Calcite's classes load, so set first;
        // an application that set it itself keeps its value.
        if (System.getProperty(BINDABLE_CACHE) == null) System.setProperty(BINDABLE_CACHE, "1000");
        new TroughDriver().register();
        // Loading this class registered Calcite's own jdbc:calcite: driver too (its superclass does so when it
        // loads): an application that loads Trough's driver sees Trough's alone.
        for (java.sql.Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass() == Driver.class) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    throw new ExceptionInInitializerError(e);
                }
            }
        }
    }

    private final PlanCache plans;
    private final ObjectName planCacheBean;

    public TroughDriver() {
        this(new PlanCache(Long.getLong(PLAN_CACHE_SIZE, 1000)));
    }

    private TroughDriver(PlanCache plans) {
        super(() -> new TroughPrepare(plans));
        this.plans = plans;
        this.planCacheBean = registerBean(plans);
    }

    /** The plans this driver's connections share. */
    public PlanCache plans() {
        return plans;
    }

    /** The JMX name under which {@link #plans()} shows its hits and misses, or null when the JVM refused it. */
    public ObjectName planCacheBean() {
        return planCacheBean;
    }

    /** Shows the plan cache's hits and misses through JMX (jconsole, VisualVM, a JMX exporter). */
    private static ObjectName registerBean(PlanCache plans) {
        try {
            ObjectName name = new ObjectName("trough.jdbc:type=PlanCache,name=driver-" + DRIVERS.incrementAndGet());
            ManagementFactory.getPlatformMBeanServer().registerMBean(plans, name);
            return name;
        } catch (JMException | SecurityException e) {
            // Seeing the hit rate is a convenience: a JVM that refuses the bean still runs queries.
            return null;
        }
    }

    @Override
    protected String getConnectStringPrefix() {
        return TroughUrl.PREFIX;
    }

    @Override
    protected DriverVersion createDriverVersion() {
        return new DriverVersion("Trough JDBC Driver", "0.1.0", "Trough", "0.1.0", true, 0, 1, 0, 1);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) return null;
        TroughUrl parsed = TroughUrl.parse(url, info);
        QuerySettings settings = new QuerySettings(parsed.getInt(ConnectionProperty.QUERY_TIMEOUT) * 1000L, watchdog, new FetchSizes());
        Map<String, SegmentSource> sources = chosen(parsed, parsed.isEmbedded() ? fileSources(parsed) : clusterSources(parsed));
        Connection connection = super.connect(getConnectStringPrefix(), calciteProperties());
        CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
        SchemaPlus root = calcite.getRootSchema();
        sources.forEach((name, source) -> root.add(name, new TroughSchema(source, settings, TroughTableScan::of)));
        if (sources.size() == 1) calcite.setSchema(sources.keySet().iterator().next());
        return TroughConnection.wrap(connection, sources, parsed, settings.fetchSizes());
    }

    /** The sources as the {@code segments} property restricts them. */
    private static Map<String, SegmentSource> chosen(TroughUrl url, Map<String, SegmentSource> sources) {
        String segments = url.get(ConnectionProperty.SEGMENTS);
        if (segments == null || segments.isBlank()) return sources;
        Set<String> ids = new LinkedHashSet<>();
        for (String id : segments.split(",")) {
            if (!id.isBlank()) ids.add(id.strip());
        }
        Map<String, SegmentSource> chosen = new LinkedHashMap<>();
        sources.forEach((name, source) -> chosen.put(name, new ChosenSegments(source, ids)));
        return chosen;
    }

    private Map<String, SegmentSource> fileSources(TroughUrl url) throws SQLException {
        try {
            return Map.of(FILE_SCHEMA, new FileSegmentSource(url.directory(), scanThreads, url.getInt(ConnectionProperty.MAX_CONCURRENCY)));
        } catch (IllegalArgumentException e) {
            throw new SQLException(e.getMessage(), "08001", e);
        }
    }

    /** One Calcite schema per registered schema of the cluster, or only the one the URL names. */
    private Map<String, SegmentSource> clusterSources(TroughUrl url) throws SQLException {
        ClusterHttp reach = ClusterHttp.of(http, url);
        ClusterConnection cluster = new ClusterConnection(reach.client(), reach.nodes(), CLUSTER_RECHECK_MILLIS);
        ClusterMap map;
        try {
            map = cluster.map();
        } catch (TroughQueryException e) {
            throw new SQLException(e.getMessage(), "08001", e);
        }
        String wanted = url.get(ConnectionProperty.SCHEMA);
        Map<String, SegmentSource> sources = new LinkedHashMap<>();
        for (SchemaDefinition schema : map.schemas()) {
            if (wanted == null || wanted.equals(schema.name())) {
                sources.put(schema.name(), new ClusterSegmentSource(cluster, schema,
                        new RemoteSegmentExecutor(cluster, schema.name(), scanThreads, url.getInt(ConnectionProperty.FETCH_SIZE))));
            }
        }
        if (wanted != null && sources.isEmpty()) {
            throw new SQLException("the cluster has no schema '" + wanted + "'; its schemas: "
                    + map.schemas().stream().map(SchemaDefinition::name).toList(), "3F000");
        }
        return sources;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        ConnectionProperty[] properties = ConnectionProperty.values();
        DriverPropertyInfo[] infos = new DriverPropertyInfo[properties.length];
        for (int i = 0; i < properties.length; i++) {
            ConnectionProperty property = properties[i];
            String given = info == null ? null : info.getProperty(property.key());
            infos[i] = new DriverPropertyInfo(property.key(), given != null ? given : property.defaultValue());
            infos[i].description = property.description();
            infos[i].required = false;
        }
        return infos;
    }

    /** Calcite settings that make it read SQL as SQLite users write it. */
    private static Properties calciteProperties() {
        Properties properties = new Properties();
        properties.setProperty("quoting", "DOUBLE_QUOTE");
        properties.setProperty("unquotedCasing", "UNCHANGED");
        properties.setProperty("quotedCasing", "UNCHANGED");
        properties.setProperty("caseSensitive", "false");
        // Babel's parser takes as a name every keyword that is not reserved in it (day, value, year, count, ...),
        // as SQLite does; its grammar is otherwise the default one.
        properties.setProperty("parserFactory", SqlBabelParserImpl.class.getName() + "#FACTORY");
        // MYSQL_5 reads SQL closest to SQLite: % and !=, LIMIT a, b, GROUP BY aliases and ordinals, and a CASE of
        // strings of different lengths typed VARCHAR (not CHAR padded with spaces).
        properties.setProperty("conformance", "MYSQL_5");
        properties.setProperty("defaultNullCollation", "LOW");
        properties.setProperty("typeSystem", TroughTypeSystem.class.getName() + "#INSTANCE");
        return properties;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
