package trough.tools.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;
import trough.tools.admin.DirectoryTarget;
import trough.tools.admin.OpenedTarget;
import trough.tools.admin.SegmentListing;
import trough.tools.admin.SegmentTarget;
import trough.tools.admin.TableDefinitions;
import trough.tools.admin.TargetException;
import trough.tools.admin.TargetOptions;

/** {@code trough load}: fills segments from CSV, NDJSON or SQLite files. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Loads CSV (with a header row), NDJSON or SQLite files into the segments of a table, creating segments from "
                + "the schema as needed and writing through the cluster's write path (or into a directory of segment files).",
                "Safe to run again: each chunk of rows is recorded with its rows in one transaction, so a load interrupted and "
                        + "restarted with the same files and --batch writes only what is missing."})
public final class LoadCommand implements Callable<Integer> {
    @Mixin
    TargetOptions where;

    @Option(names = {"-s", "--schema"}, description = "the registered schema the table belongs to (for a cluster)")
    String schema;

    @Option(names = "--table", description = "the table to load into (default: the schema's only table)")
    String table;

    @ArgGroup(multiplicity = "0..1")
    Destination destination;

    static final class Destination {
        @Option(names = "--segment-by", description = "the column whose value names each row's segment (the schema's segment pattern "
                + "applies when it is the schema's key column); default: the schema's segment key")
        String column;

        @Option(names = "--segment", description = "load every row into this one segment")
        String segment;
    }

    @Option(names = "--ddl", description = "a file of DDL to create new segments from, for a directory of segment files")
    Path ddl;

    @Option(names = "--batch", defaultValue = "1000", description = "rows per transaction (default: ${DEFAULT-VALUE}); keep it when running a load again")
    int batch;

    @Option(names = "--skip-bad", defaultValue = "0", description = "bad records to skip before giving up (default: ${DEFAULT-VALUE})")
    long skipBad;

    @Option(names = "--dry-run", description = "check every record and say what would be loaded where, writing nothing")
    boolean dryRun;

    @Option(names = "--promote", description = "promote the loaded segments at the end")
    boolean promote;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "files to load: .csv, .ndjson (.jsonl) or .sqlite (.db)")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, not " + batch);
        for (Path file : files) {
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no file " + file);
        }
        try (SegmentTarget target = target()) {
            String ddlText = ddl != null ? Files.readString(ddl) : schemaDdl(target);
            String chosenTable = chooseTable(ddlText, target);
            List<String> columns = ddlText != null ? TableDefinitions.columns(ddlText, chosenTable) : null;
            if (columns == null) throw new IllegalArgumentException("no table " + chosenTable + " in " + (ddl != null ? ddl : target.describe()));
            SegmentRouter router = router(target);
            Loader loader = new Loader(writableTarget(target).writer(schema), chosenTable, columns, router, batch, skipBad, out);

            Map<SegmentId, Long> planned = loader.check(files);
            long rows = planned.values().stream().mapToLong(Long::longValue).sum();
            out.printf(Locale.ROOT, "checked %d file(s): %,d rows for %d segment(s) of table %s%s%n", files.size(), rows, planned.size(), chosenTable,
                    loader.skippedRecords() > 0 ? ", " + loader.skippedRecords() + " bad record(s) skipped" : "");
            if (dryRun) {
                planned.forEach((segment, count) -> out.printf(Locale.ROOT, "  %-30s %,12d rows%n", segment, count));
                out.println("dry run: nothing written");
                return 0;
            }
            Map<SegmentId, LoadChunks.Tally> tallies = loader.load(files, rows);
            out.printf("%-30s %12s %12s%n", "segment", "loaded", "already there");
            tallies.forEach((segment, tally) -> out.printf(Locale.ROOT, "%-30s %,12d %,12d%n", segment, tally.rowsLoaded, tally.rowsSkipped));
            if (promote) {
                for (SegmentId segment : tallies.keySet()) out.println(target.promote(segment.value()));
            }
            return 0;
        } catch (Loader.LoadFailure e) {
            System.err.println("trough load: " + e.getMessage());
            return 1;
        } catch (TargetException e) {
            System.err.println("trough load: " + e.getMessage());
            return 1;
        }
    }

    /** The named segment; else --segment-by (with the schema's pattern when it names the key column); else the schema's segment key. */
    private SegmentRouter router(SegmentTarget target) {
        if (destination != null && destination.segment != null) return SegmentRouter.into(SegmentId.of(destination.segment));
        SegmentKey declared = target.segmentKey(schema);
        if (destination != null && (declared == null || !declared.isKey(destination.column))) {
            return SegmentRouter.by(SegmentKey.of(destination.column, null));
        }
        if (declared == null) {
            throw new IllegalArgumentException("say which segment each row goes to: --segment-by COLUMN or --segment ID ("
                    + (schema != null ? "schema " + schema : target.describe()) + " declares no segment key)");
        }
        return SegmentRouter.by(declared);
    }

    private SegmentTarget target() {
        OpenedTarget opened = where.open();
        if (schema == null) schema = opened.schema();
        return opened.target();
    }

    private SegmentTarget writableTarget(SegmentTarget target) throws IOException {
        return target instanceof DirectoryTarget directory && ddl != null ? directory.withDdl(Files.readString(ddl)) : target;
    }

    /** The schema's DDL in a cluster; in a directory, the table as an existing segment holds it (or null). */
    private String schemaDdl(SegmentTarget target) {
        if (target instanceof DirectoryTarget) {
            if (table == null) throw new IllegalArgumentException("loading into a directory needs --table (and --ddl to create new segments)");
            for (SegmentListing segment : target.segments(null, false)) {
                String found = target.createTable(segment.id(), table);
                if (found != null) return found;
            }
            throw new IllegalArgumentException("no segment in " + target.describe() + " has table " + table + ": give --ddl to create segments");
        }
        if (schema == null) {
            throw new IllegalArgumentException("name the schema with --schema; the cluster's: "
                    + target.schemas().stream().map(SchemaDefinition::name).toList());
        }
        return target.schema(schema).orElseThrow(() -> new IllegalArgumentException("no schema '" + schema + "' in " + target.describe()
                + "; its schemas: " + target.schemas().stream().map(SchemaDefinition::name).toList())).sql();
    }

    private String chooseTable(String ddlText, SegmentTarget target) {
        if (table != null) return table;
        List<String> tables = TableDefinitions.names(ddlText);
        if (tables.size() == 1) return tables.get(0);
        throw new IllegalArgumentException("schema " + schema + " has tables " + tables + ": choose one with --table");
    }
}
