package trough.worker.segment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;
import trough.core.scan.SegmentConnectionProvider;
import trough.core.segment.SegmentId;
import trough.core.sqlite.ConnectionState;
import trough.core.sqlite.DatabaseFiles;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.StatementCache;

/**
 * Open SQLite connections per segment, reused across requests instead of opened per request. Readers get
 * read-only connections, several per segment; writers get the one read-write connection of a segment, so
 * writes to a segment queue here rather than fail on SQLite's lock. A connection whose file was replaced
 * or deleted since it was opened is never handed out again.
 */
public final class SegmentConnections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentConnections.class);

    private final SegmentStore store;
    private final GenericKeyedObjectPool<SegmentId, OpenSegment> readers;
    private final GenericKeyedObjectPool<SegmentId, OpenSegment> writers;
    private final SegmentConnectionProvider readerProvider = new ReaderProvider();

    public SegmentConnections(SegmentStore store, int readersPerSegment, int maxOpen) {
        this(store, readersPerSegment, maxOpen, false);
    }

    /**
     * {@code writersSyncedByCaller}: writers' commits reach the disk only when the caller forces the WAL
     * ({@link SqliteConnections#openReadWriteSyncedByCaller}), as {@link trough.worker.write.LogShipper} does
     * with replicated durability; otherwise each commit is synced by SQLite.
     */
    public SegmentConnections(SegmentStore store, int readersPerSegment, int maxOpen, boolean writersSyncedByCaller) {
        this.store = store;
        this.readers = new GenericKeyedObjectPool<>(new Factory(store, false, false), config(readersPerSegment, maxOpen));
        this.writers = new GenericKeyedObjectPool<>(new Factory(store, true, writersSyncedByCaller), config(1, Math.max(1, maxOpen / 4)));
    }

    private static GenericKeyedObjectPoolConfig<OpenSegment> config(int perSegment, int total) {
        GenericKeyedObjectPoolConfig<OpenSegment> config = new GenericKeyedObjectPoolConfig<>();
        config.setMaxTotalPerKey(perSegment);
        config.setMaxIdlePerKey(perSegment);
        config.setMaxTotal(total);
        config.setTestOnBorrow(true);
        config.setMaxWait(Duration.ofMinutes(5));
        config.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        config.setMinEvictableIdleDuration(Duration.ofMinutes(2));
        config.setJmxEnabled(false);
        return config;
    }

    /** A read-only connection to the segment; give it back with {@link #release}. */
    public OpenSegment borrowReader(SegmentId id) throws SQLException {
        return borrow(readers, id, null);
    }

    /** The segment's read-write connection, waiting while another request holds it. */
    public OpenSegment borrowWriter(SegmentId id) throws SQLException {
        return borrow(writers, id, null);
    }

    /**
     * Gives a connection back. A writer whose state (TEMP objects, attached databases, settings) is no longer
     * what it was when opened is closed instead: whatever a request left on it must not act on the next one.
     */
    public void release(OpenSegment segment) {
        var pool = segment.writable() ? writers : readers;
        if (segment.writable() && !segment.broken()) segment.checkState();
        if (segment.broken()) {
            try {
                pool.invalidateObject(segment.id(), segment);
            } catch (Exception e) {
                // already gone
            }
        } else {
            pool.returnObject(segment.id(), segment);
        }
    }

    /** Lends the read-only connections to {@link trough.core.scan.SegmentScan}s. */
    public SegmentConnectionProvider readers() {
        return readerProvider;
    }

    /** Closes idle connections of the segment, before its file is deleted or replaced. */
    public void forget(SegmentId id) {
        readers.clear(id);
        writers.clear(id);
    }

    /** Connections open now, idle or in use, across all segments. */
    public int openCount() {
        return readers.getNumActive() + readers.getNumIdle() + writers.getNumActive() + writers.getNumIdle();
    }

    @Override
    public void close() {
        readers.close();
        writers.close();
    }

    /** {@code maxWait}: how long to wait for a free connection, null for the pool's own wait. */
    private OpenSegment borrow(GenericKeyedObjectPool<SegmentId, OpenSegment> pool, SegmentId id, Duration maxWait) throws SQLException {
        // An idle connection is checked against its file on borrow anyway; the file is looked at here only when none
        // is idle, so that a segment gone since never waits for a free slot (up to the pool's wait) before failing.
        if (pool.getNumIdle(id) == 0 && !store.exists(id)) throw new UnknownSegmentException(id);
        try {
            return maxWait == null ? pool.borrowObject(id) : pool.borrowObject(id, maxWait.toMillis());
        } catch (SQLException e) {
            throw e;
        } catch (NoSuchElementException e) {
            if (!store.exists(id)) throw new UnknownSegmentException(id);
            throw new SQLException("no connection to segment " + id + " became free in time: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new SQLException("cannot open segment " + id + ": " + e.getMessage(), e);
        }
    }

    /** The read pool seen as plain connections: remembers which pooled object each lent connection came from. */
    private final class ReaderProvider implements SegmentConnectionProvider {
        private final Map<SQLiteConnection, OpenSegment> lent = new ConcurrentHashMap<>();

        @Override
        public SQLiteConnection borrow(SegmentId segment) throws SQLException {
            return lend(borrowReader(segment));
        }

        @Override
        public SQLiteConnection borrow(SegmentId segment, long maxWaitMillis) throws SQLException {
            return lend(SegmentConnections.this.borrow(readers, segment, Duration.ofMillis(Math.max(1, maxWaitMillis))));
        }

        private SQLiteConnection lend(OpenSegment open) {
            lent.put(open.connection(), open);
            return open.connection();
        }

        @Override
        public StatementCache statements(SQLiteConnection connection) {
            OpenSegment open = lent.get(connection);
            return open == null ? StatementCache.none(connection) : open.statements;
        }

        @Override
        public void release(SegmentId segment, SQLiteConnection connection, boolean reusable) {
            OpenSegment open = lent.remove(connection);
            if (open == null) return;
            if (!reusable) open.markBroken();
            SegmentConnections.this.release(open);
        }
    }

    /** One open connection, the identity of the file it was opened on and, for a reader, the statements it keeps. */
    public static final class OpenSegment {
        private final SegmentId id;
        private final SQLiteConnection connection;
        private final StatementCache statements;
        private final Object fileKey;
        private final boolean writable;
        /** The connection's state when opened; a writer is checked against it each time it is given back. */
        private final ConnectionState opened;
        private volatile boolean broken;

        OpenSegment(SegmentId id, SQLiteConnection connection, Object fileKey, boolean writable) throws SQLException {
            this.id = id;
            this.connection = connection;
            this.fileKey = fileKey;
            this.writable = writable;
            this.opened = writable ? ConnectionState.of(connection) : null;
            this.statements = writable ? StatementCache.none(connection) : new StatementCache(connection, StatementCache.READER_CAPACITY);
        }

        public SegmentId id() {
            return id;
        }

        public SQLiteConnection connection() {
            return connection;
        }

        public boolean writable() {
            return writable;
        }

        /** Marks the connection unfit for reuse (its transaction state is unknown after a failure). */
        public void markBroken() {
            broken = true;
        }

        boolean broken() {
            return broken;
        }

        private void checkState() {
            String changed;
            try {
                changed = opened.differences(ConnectionState.of(connection));
            } catch (SQLException e) {
                changed = "its state cannot be read (" + e.getMessage() + ")";
            }
            if (!changed.isEmpty()) {
                LOG.warn("closing the writer connection of segment {}: a request changed it ({}); the next write opens a fresh one", id, changed);
                markBroken();
            }
        }
    }

    private static final class Factory extends BaseKeyedPooledObjectFactory<SegmentId, OpenSegment> {
        private final SegmentStore store;
        private final boolean writable;
        private final boolean syncedByCaller;

        Factory(SegmentStore store, boolean writable, boolean syncedByCaller) {
            this.store = store;
            this.writable = writable;
            this.syncedByCaller = syncedByCaller;
        }

        @Override
        public OpenSegment create(SegmentId id) throws Exception {
            Path file = store.path(id);
            if (!Files.isRegularFile(file)) throw new UnknownSegmentException(id);
            Object fileKey = fileKey(file);
            SQLiteConnection connection = !writable ? SqliteConnections.openSegmentReader(file, id)
                    : syncedByCaller ? SqliteConnections.openReadWriteSyncedByCaller(file) : SqliteConnections.openReadWrite(file);
            try {
                return new OpenSegment(id, connection, fileKey, writable);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }

        @Override
        public PooledObject<OpenSegment> wrap(OpenSegment segment) {
            return new DefaultPooledObject<>(segment);
        }

        @Override
        public boolean validateObject(SegmentId id, PooledObject<OpenSegment> pooled) {
            // The file may have been deleted or swapped for a newer copy since this connection opened it.
            try {
                return Objects.equals(pooled.getObject().fileKey, fileKey(store.path(id))) && !pooled.getObject().connection.isClosed();
            } catch (IOException | SQLException e) {
                return false;
            }
        }

        @Override
        public void destroyObject(SegmentId id, PooledObject<OpenSegment> pooled) throws Exception {
            pooled.getObject().statements.close();
            pooled.getObject().connection.close();
        }

        private static Object fileKey(Path file) throws IOException {
            return DatabaseFiles.identity(file);
        }
    }
}
