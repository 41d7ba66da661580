package trough.core.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;
import org.sqlite.SQLiteConnection;
import trough.core.segment.SegmentId;
import trough.core.sqlite.DatabaseFiles;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.StatementCache;

/**
 * Read-only connections to segment files, kept open between scans. Opening a connection is the dear part of
 * a small scan: SQLite opens the file and parses the whole schema again on the first statement. A connection
 * whose file was deleted or replaced since it was opened is closed rather than lent again. At most
 * {@code maxPooled} stay in the pool (the longest idle are closed first); a scan needing more at once gets
 * connections of its own, closed when given back, rather than wait for one that its own query holds.
 */
public final class SegmentFileReaders implements SegmentConnectionProvider, AutoCloseable {
    private final Function<SegmentId, Path> files;
    private final GenericKeyedObjectPool<SegmentId, OpenFile> pool;
    private final Map<SQLiteConnection, OpenFile> lent = new ConcurrentHashMap<>();

    /**
     * @param files        where each segment's file is
     * @param idlePerSegment connections of one segment kept open while unused
     * @param maxPooled    connections kept by the pool at most, in use or idle
     */
    public SegmentFileReaders(Function<SegmentId, Path> files, int idlePerSegment, int maxPooled) {
        GenericKeyedObjectPoolConfig<OpenFile> config = new GenericKeyedObjectPoolConfig<>();
        config.setMaxTotalPerKey(-1);
        config.setMaxIdlePerKey(idlePerSegment);
        config.setMaxTotal(maxPooled);
        config.setTestOnBorrow(true);
        config.setBlockWhenExhausted(false);
        config.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        config.setMinEvictableIdleDuration(Duration.ofMinutes(2));
        config.setJmxEnabled(false);
        this.files = files;
        this.pool = new GenericKeyedObjectPool<>(new Factory(files), config);
    }

    @Override
    public SQLiteConnection borrow(SegmentId segment) throws SQLException {
        OpenFile open;
        try {
            open = pool.borrowObject(segment);
        } catch (NoSuchElementException exhausted) {
            return SqliteConnections.openSegmentReader(files.apply(segment), segment);
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException("cannot open segment " + segment + ": " + e.getMessage(), e);
        }
        lent.put(open.connection, open);
        return open.connection;
    }

    @Override
    public StatementCache statements(SQLiteConnection connection) {
        OpenFile open = lent.get(connection);
        return open == null ? StatementCache.none(connection) : open.statements;
    }

    @Override
    public void release(SegmentId segment, SQLiteConnection connection, boolean reusable) {
        OpenFile open = lent.remove(connection);
        if (open == null) {
            closeQuietly(connection);
            return;
        }
        try {
            if (reusable && freesItsCache(connection)) pool.returnObject(segment, open);
            else pool.invalidateObject(segment, open);
        } catch (Exception e) {
            // the pool closed meanwhile: the connection is closed with it
        }
    }

    /** Connections open now, in use or idle. */
    public int openCount() {
        return pool.getNumActive() + pool.getNumIdle();
    }

    @Override
    public void close() {
        pool.close();
    }

    /**
     * Gives SQLite's page cache of an idle connection back to the heap: what makes a kept connection worth
     * keeping is its parsed schema, and a cache per idle connection would hold megabytes each.
     */
    private static boolean freesItsCache(SQLiteConnection connection) {
        try (Statement pragma = connection.createStatement()) {
            pragma.execute("PRAGMA shrink_memory");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void closeQuietly(SQLiteConnection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing was written through it
        }
    }

    /** A connection, the identity of the file it was opened on, and the statements it keeps. */
    private record OpenFile(SQLiteConnection connection, Object fileIdentity, StatementCache statements) {
        OpenFile(SQLiteConnection connection, Object fileIdentity) {
            this(connection, fileIdentity, new StatementCache(connection, StatementCache.READER_CAPACITY));
        }
    }

    private static final class Factory extends BaseKeyedPooledObjectFactory<SegmentId, OpenFile> {
        private final Function<SegmentId, Path> files;

        Factory(Function<SegmentId, Path> files) {
            this.files = files;
        }

        @Override
        public OpenFile create(SegmentId segment) throws Exception {
            Path file = files.apply(segment);
            Object identity = DatabaseFiles.identity(file);
            return new OpenFile(SqliteConnections.openSegmentReader(file, segment), identity);
        }

        @Override
        public PooledObject<OpenFile> wrap(OpenFile open) {
            return new DefaultPooledObject<>(open);
        }

        @Override
        public boolean validateObject(SegmentId segment, PooledObject<OpenFile> pooled) {
            try {
                return Objects.equals(pooled.getObject().fileIdentity, DatabaseFiles.identity(files.apply(segment)))
                        && !pooled.getObject().connection.isClosed();
            } catch (IOException | SQLException e) {
                return false;
            }
        }

        @Override
        public void destroyObject(SegmentId segment, PooledObject<OpenFile> pooled) throws Exception {
            pooled.getObject().statements.close();
            pooled.getObject().connection.close();
        }
    }
}
