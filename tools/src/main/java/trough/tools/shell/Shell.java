package trough.tools.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import trough.core.api.ClusterStatus;
import trough.core.registry.PlacementRound;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqlScript;
import trough.tools.admin.SegmentListing;
import trough.tools.admin.SegmentTarget;
import trough.tools.admin.TableDefinitions;
import trough.tools.admin.TargetException;

/**
 * The shell's commands, run one line at a time against a target. Queries go through the JDBC driver on
 * the chosen segments; administration goes to the target. Every failure is one line, and the shell goes on.
 */
final class Shell implements AutoCloseable {
    private static final Set<String> QUERY_KEYWORDS = Set.of("SELECT", "WITH", "VALUES", "EXPLAIN");
    private static final Set<String> WRITE_KEYWORDS = Set.of("INSERT", "REPLACE", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "UPSERT");

    private final SegmentTarget target;
    private final String url;
    /** The connection properties the target was opened with (the token): every JDBC connection presents them too. */
    private final Properties credentials;
    private final String schema;
    private final boolean writable;
    private final boolean assumeYes;
    private final ShellConsole console;
    private List<String> connected;
    /** The schema of the connected segments when they share one: what unqualified table names mean. */
    private String connectedSchema;
    /** Connected segments that did not exist when connected. */
    private List<String> connectedMissing = List.of();
    private ResultFormat format = ResultFormat.TABLE;
    private Connection jdbc;
    private int failures;

    Shell(SegmentTarget target, String url, Properties credentials, String schema, boolean writable, boolean assumeYes, ShellConsole console) {
        this.target = target;
        this.url = url;
        this.credentials = credentials;
        this.schema = schema;
        this.writable = writable;
        this.assumeYes = assumeYes;
        this.console = console;
        this.connected = List.of();
    }

    /** What the prompt shows: which segments the next statement runs on. */
    String prompt() {
        String where = connected.isEmpty() ? "" : connected.size() == 1 ? " " + connected.get(0) : " (" + connected.size() + " segments)";
        return "trough" + where + (writable ? " (w)" : "") + "> ";
    }

    /** Runs one line; answers false when the shell should end. */
    boolean run(String line) {
        try {
            return dispatch(ShellLine.parse(line));
        } catch (IllegalArgumentException | TargetException | IOException e) {
            fail(e.getMessage());
        } catch (SQLException e) {
            fail(firstLine(e.getMessage()));
        }
        return true;
    }

    /** Lines that failed so far. */
    int failures() {
        return failures;
    }

    private void fail(String message) {
        failures++;
        console.println("error: " + message);
    }

    private boolean dispatch(ShellLine line) throws SQLException, IOException {
        if (line instanceof ShellLine.Quit) return false;
        if (line instanceof ShellLine.Help help) {
            console.println(ShellHelp.about(help.topic()));
        } else if (line instanceof ShellLine.Connect connect) {
            connect(connect.segments());
        } else if (line instanceof ShellLine.ConnectMatching matching) {
            connect(target.segments(pattern(matching.regex()), false).stream().map(SegmentListing::id).toList());
        } else if (line instanceof ShellLine.ShowConnections) {
            console.println(connected.isEmpty() ? "no segment connected: queries run on all segments of " + target.describe()
                    : "connected to " + connected.size() + " segment(s): " + String.join(", ", connected));
        } else if (line instanceof ShellLine.ShowTables) {
            showTables();
        } else if (line instanceof ShellLine.ShowCreateTable show) {
            console.println(createTable(show.table()));
        } else if (line instanceof ShellLine.ShowSchema show) {
            console.println(target.schema(show.name())
                    .orElseThrow(() -> new IllegalArgumentException("no schema '" + show.name() + "'; SHOW SCHEMAS lists them")).sql());
        } else if (line instanceof ShellLine.ShowSchemas) {
            print(List.of("schema", "tables"), target.schemas().stream()
                    .map(s -> new Object[] {s.name(), String.join(", ", TableDefinitions.names(s.sql()))}).toList());
        } else if (line instanceof ShellLine.ShowSegments show) {
            showSegments(show);
        } else if (line instanceof ShellLine.ShowCluster) {
            showCluster();
        } else if (line instanceof ShellLine.Format change) {
            if (change.format() != null) format = change.format();
            console.println("format: " + format);
        } else if (line instanceof ShellLine.RegisterSchema register) {
            boolean isNew = target.registerSchema(register.name(), Files.readString(Path.of(register.file())));
            console.println((isNew ? "registered" : "replaced") + " schema " + register.name());
        } else if (line instanceof ShellLine.Infile infile) {
            infile(Path.of(infile.file()));
        } else if (line instanceof ShellLine.Promote) {
            if (connected.isEmpty()) throw new IllegalArgumentException("PROMOTE promotes the connected segments: CONNECT one first");
            for (String segment : connected) console.println(target.promote(segment));
        } else if (line instanceof ShellLine.Shred shred) {
            shred(shred.segments());
        } else if (line instanceof ShellLine.Sql sql) {
            sql(sql.sql());
        }
        return true;
    }

    private void connect(List<String> segments) {
        for (String id : segments) SegmentId.of(id); // a malformed id fails here, with the rule
        if (segments.isEmpty()) throw new IllegalArgumentException("no segment matches; SHOW SEGMENTS lists them");
        List<SegmentListing> known = target.segments(exactly(segments), false);
        List<String> schemas = known.stream().map(SegmentListing::schema).filter(s -> s != null).distinct().toList();
        connected = List.copyOf(segments);
        connectedSchema = schemas.size() == 1 ? schemas.get(0) : null;
        closeJdbc();
        console.println("connected to " + connected.size() + " segment(s)" + (connected.size() <= 10 ? ": " + String.join(", ", connected) : ""));
        List<String> missing = new ArrayList<>(segments);
        missing.removeAll(known.stream().map(SegmentListing::id).toList());
        connectedMissing = List.copyOf(missing);
        if (!missing.isEmpty()) {
            console.println("not there yet: " + String.join(", ", missing) + (writable ? "; a write creates the segment from its schema" : ""));
        }
    }

    private void sql(String sql) throws SQLException {
        List<SqlScript.Statement> statements = SqlScript.split(sql);
        String keyword = statements.isEmpty() ? "" : statements.get(0).leadingKeyword().toUpperCase(Locale.ROOT);
        if (WRITE_KEYWORDS.contains(keyword)) {
            write(sql);
        } else {
            query(sql); // a query, or a mistake the SQL parser names
        }
    }

    private void query(String sql) throws SQLException {
        long started = System.nanoTime();
        try (Statement statement = jdbc().createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            ResultSetMetaData metadata = rows.getMetaData();
            List<String> header = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) header.add(metadata.getColumnLabel(i));
            List<Object[]> all = new ArrayList<>();
            while (rows.next()) all.add(ResultRows.current(rows, header.size()));
            List<String> lines = new ArrayList<>(format.lines(header, all));
            lines.add(String.format(Locale.ROOT, "%,d row%s in %.3f s", all.size(), all.size() == 1 ? "" : "s", (System.nanoTime() - started) / 1e9));
            console.page(lines);
        }
    }

    private void write(String sql) {
        if (!writable) {
            throw new IllegalArgumentException("this shell only reads: start it with -w/--writable to write");
        }
        if (connected.size() != 1) {
            throw new IllegalArgumentException("writes go to one segment: CONNECT one first (connected: "
                    + (connected.isEmpty() ? "none" : String.join(", ", connected)) + ")");
        }
        String segment = connected.get(0);
        long started = System.nanoTime();
        long changed = target.writer(schemaOf(segment)).write(SegmentId.of(segment), sql);
        closeJdbc(); // a new segment or table is seen by the next query
        console.println(String.format(Locale.ROOT, "%,d row%s changed in segment %s in %.3f s", changed, changed == 1 ? "" : "s", segment,
                (System.nanoTime() - started) / 1e9));
    }

    private void infile(Path file) throws IOException, SQLException {
        String script = Files.readString(file);
        List<SqlScript.Statement> statements = SqlScript.split(script);
        boolean allWrites = statements.stream().noneMatch(s -> QUERY_KEYWORDS.contains(s.leadingKeyword().toUpperCase(Locale.ROOT)));
        if (allWrites) {
            write(script);
            return;
        }
        for (SqlScript.Statement statement : statements) sql(statement.sql());
    }

    private void shred(List<String> segments) {
        for (String id : segments) SegmentId.of(id);
        if (!assumeYes && !console.confirm("shred " + String.join(", ", segments) + " from " + target.describe()
                + "? This deletes them everywhere, durable copies included.")) {
            console.println("nothing shredded");
            return;
        }
        for (String segment : segments) {
            target.shred(segment);
            console.println("shredded " + segment);
        }
        closeJdbc();
    }

    private void showSegments(ShellLine.ShowSegments show) {
        List<SegmentListing> segments = target.segments(show.regex() == null ? null : pattern(show.regex()), show.withRows());
        List<String> header = new ArrayList<>(List.of("segment", "schema", "size"));
        if (show.withRows()) header.add("rows");
        header.addAll(List.of("replicas", "writer"));
        List<Object[]> rows = new ArrayList<>();
        for (SegmentListing segment : segments) {
            List<Object> row = new ArrayList<>(List.of(segment.id(), segment.schema() == null ? "" : segment.schema(),
                    segment.sizeBytes() < 0 ? "?" : String.format(Locale.ROOT, "%,d", segment.sizeBytes())));
            if (show.withRows()) {
                Map<String, Long> counts = segment.rows();
                row.add(counts == null ? "?" : counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
            }
            row.add(segment.replicas().size());
            row.add(segment.writer() == null ? "" : segment.writer());
            rows.add(row.toArray());
        }
        print(header, rows);
        console.println(segments.size() + " segment(s)");
    }

    private void showCluster() {
        ClusterStatus status = target.clusterStatus();
        PlacementRound round = status.placement();
        if (round == null) {
            console.println("placement: no sync master has finished a round yet");
        } else {
            console.println(String.format(Locale.ROOT, "placement: %,d segment(s) below %d copies, %,d short of workers", round.underReplicated(),
                    round.replicas(), round.shortOfWorkers()));
            console.println(String.format(Locale.ROOT, "last round: by %s (epoch %d), finished %s: %s", round.master(), round.epoch(),
                    Instant.ofEpochMilli(round.finishedAtMillis()), round));
        }
        print(List.of("worker", "url", "tier", "used", "capacity", "fill", "alive"), status.workers().stream()
                .map(worker -> new Object[] {worker.id(), worker.url(), worker.tier().name().toLowerCase(Locale.ROOT),
                        String.format(Locale.ROOT, "%,d", worker.usedBytes()), String.format(Locale.ROOT, "%,d", worker.capacityBytes()),
                        String.format(Locale.ROOT, "%.2f%%", 100 * worker.fill()), worker.alive() ? "yes" : "no"})
                .toList());
        console.println(status.workers().size() + " worker(s), fullest first");
    }

    private void showTables() throws SQLException {
        List<Object[]> tables = new ArrayList<>();
        try (ResultSet found = jdbc().getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (found.next()) tables.add(new Object[] {found.getString("TABLE_SCHEM"), found.getString("TABLE_NAME")});
        }
        print(List.of("schema", "table"), tables);
    }

    /** The table's CREATE statement and indexes, as SQLite itself stores them for the schema's DDL. */
    private String createTable(String table) throws SQLException {
        for (SchemaDefinition definition : target.schemas()) {
            if (schema != null && !schema.equals(definition.name())) continue;
            String found = TableDefinitions.create(definition.sql(), table);
            if (found != null) return found;
        }
        for (SegmentListing segment : connected.isEmpty() ? target.segments(null, false) : target.segments(exactly(connected), false)) {
            String found = target.createTable(segment.id(), table);
            if (found != null) return found;
        }
        throw new IllegalArgumentException("no table '" + table + "'; SHOW TABLES lists them");
    }

    /** The schema of the one connected segment, as CONNECT found it (no second listing of the cluster per write). */
    private String schemaOf(String segment) {
        if (schema != null) return schema;
        if (connectedMissing.contains(segment) && !target.schemas().isEmpty()) {
            throw new IllegalArgumentException("segment " + segment + " does not exist yet: start the shell with -s <schema> to create it "
                    + "from a registered schema (SHOW SCHEMAS lists them)");
        }
        return connectedSchema;
    }

    private Connection jdbc() throws SQLException {
        if (jdbc == null) {
            Properties properties = new Properties();
            properties.putAll(credentials);
            String visible = schema != null ? schema : connectedSchema;
            if (visible != null) properties.setProperty("schema", visible);
            if (!connected.isEmpty()) properties.setProperty("segments", String.join(",", connected));
            jdbc = DriverManager.getConnection(url, properties);
        }
        return jdbc;
    }

    private void print(List<String> header, List<Object[]> rows) {
        console.page(format.lines(header, rows));
    }

    private static Pattern exactly(List<String> ids) {
        return Pattern.compile(ids.stream().map(Pattern::quote).collect(Collectors.joining("|", "^(?:", ")$")));
    }

    private static Pattern pattern(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a regular expression: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "(no message)" : message.lines().findFirst().orElse("");
    }

    private void closeJdbc() {
        if (jdbc == null) return;
        try {
            jdbc.close();
        } catch (SQLException ignored) {
            // reads only
        }
        jdbc = null;
    }

    @Override
    public void close() {
        closeJdbc();
        target.close();
    }
}
