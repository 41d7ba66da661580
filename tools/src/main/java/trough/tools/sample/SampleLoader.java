package trough.tools.sample;

import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.sqlite.SQLiteConnection;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKeyFile;
import trough.core.sqlite.SqliteConnections;
import trough.worker.segment.SegmentStore;
import trough.tools.console.ProgressLine;

/** Writes the crawl-log sample into a data directory and registers it; a second run finds it there and stops. */
public final class SampleLoader {
    private final SegmentStore store;
    private final Registry registry;
    private final PrintStream progress;

    public SampleLoader(SegmentStore store, Registry registry, PrintStream progress) {
        this.store = store;
        this.registry = registry;
        this.progress = progress;
    }

    /** Creates the segments that are missing; answers the number of rows written. */
    public long load(CrawlLogSample sample) throws SQLException {
        registry.putSchema(SchemaValidator.validate(CrawlLogSample.SCHEMA.name(), CrawlLogSample.SCHEMA.sql(), CrawlLogSample.SEGMENT_KEY));
        // The same key for jdbc:trough:file: on the data directory, which has no registry.
        SegmentKeyFile.write(store.dataDir(), CrawlLogSample.SEGMENT_KEY);
        List<SegmentId> ids = sample.segmentIds();
        AtomicLong written = new AtomicLong();
        long target = 0;
        for (int i = 0; i < ids.size(); i++) if (!store.exists(ids.get(i))) target += sample.rowsOf(i);
        if (target == 0) {
            progress.printf("sample: all %d segments already present in %s%n", ids.size(), store.dataDir());
            return 0;
        }
        ProgressLine line = new ProgressLine(progress, "sample rows", target);
        for (int i = 0; i < ids.size(); i++) {
            SegmentId id = ids.get(i);
            if (store.exists(id)) continue;
            store.create(id, CrawlLogSample.SCHEMA);
            try (SQLiteConnection connection = SqliteConnections.openReadWrite(store.path(id))) {
                sample.fill(connection, i, rows -> line.update(written.addAndGet(rows)));
            }
            registry.putSegment(SegmentRecord.local(id, CrawlLogSample.SCHEMA_NAME, store.sizeBytes(id)));
        }
        line.finish(String.format("%,d rows in %d segments of schema %s", written.get(), ids.size(), CrawlLogSample.SCHEMA_NAME));
        return written.get();
    }
}
