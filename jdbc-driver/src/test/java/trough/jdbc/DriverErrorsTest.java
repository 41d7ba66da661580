package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;
import trough.core.client.TroughQueryException;
import trough.core.client.WorkerException;
import trough.core.scan.ScanException;
import trough.core.wire.RemoteQueryException;

/** The SQLStates of failures that a test cannot easily provoke on purpose: timeouts, cancels, a cluster out of reach. */
class DriverErrorsTest {
    @Test
    void aScanThatTimedOutIsHyt00AndKeepsTroughsMessage() {
        ScanException scan = new ScanException(ScanException.Kind.TIMEOUT, "s1", "query timed out after 1000 ms; still running on segment(s) s1", null);
        SQLException e = DriverErrors.of(new SQLException("Error while executing SQL \"SELECT 1\"", new TroughQueryException("segment s1: timed out", scan)),
                "SELECT 1", List.of());
        assertInstanceOf(SQLTimeoutException.class, e);
        assertEquals("HYT00", e.getSQLState());
        assertTrue(e.getMessage().startsWith("query timed out after 1000 ms"), e.getMessage());
        assertTrue(e.getMessage().endsWith("in: SELECT 1"), e.getMessage());
    }

    @Test
    void aCancelledScanIs57014() {
        ScanException scan = new ScanException(ScanException.Kind.CANCELLED, null, "cancelled by Statement.cancel()", null);
        assertEquals("57014", DriverErrors.of(new RuntimeException(new TroughQueryException("x", scan)), null, List.of()).getSQLState());
    }

    @Test
    void aWorkersTimeoutIsKnownByItsWords() {
        SQLException e = DriverErrors.of(new TroughQueryException("query timed out after 300000 ms waiting for workers w1", null), null, List.of());
        assertEquals("HYT00", e.getSQLState());
    }

    @Test
    void anUnreachableClusterIsAConnectionError() {
        IOException refused = new ConnectException("Failed to connect to /127.0.0.1:1");
        assertEquals("08006", DriverErrors.of(new TroughQueryException("worker w1: " + refused, refused), null, List.of()).getSQLState());
    }

    @Test
    void aWorkersAnswerIsClassifiedByItsErrorKind() {
        WorkerException timeout = new WorkerException("w1", "s1", 504, "timeout", "query timed out after 300000 ms", null);
        assertEquals("HYT00", DriverErrors.of(new TroughQueryException(timeout.getMessage(), timeout), null, List.of()).getSQLState());
        WorkerException down = new WorkerException("w1", null, 0, null, "connection refused", new ConnectException("refused"));
        assertEquals("08006", DriverErrors.of(new TroughQueryException(down.getMessage(), down), null, List.of()).getSQLState());
        WorkerException unique = new WorkerException("w1", "s1", 400, "sqlite_error", "UNIQUE constraint failed: t.k", null);
        assertEquals("23000", DriverErrors.of(new TroughQueryException(unique.getMessage(), unique), null, List.of()).getSQLState());
    }

    @Test
    void aQueryThatFailedMidStreamIsNotAConnectionError() {
        RemoteQueryException failed = new RemoteQueryException("s1", "no such function: nope");
        assertEquals("HY000", DriverErrors.of(new TroughQueryException("worker w1: " + failed.getMessage(), failed), null, List.of()).getSQLState());
    }

    @Test
    void anythingElseIsHy000WithTroughsMessageFirst() {
        SQLException e = DriverErrors.of(new SQLException("Error while executing SQL \"x\": boom",
                new TroughQueryException("segment s1 has no live replica: no worker serves it; start one", new IllegalStateException("inner"))), "x", List.of());
        assertEquals("HY000", e.getSQLState());
        assertTrue(e.getMessage().startsWith("segment s1 has no live replica"), e.getMessage());
    }

    @Test
    void anErrorThatHasAStateKeepsIt() {
        SQLException given = new SQLException("bad property", "HY024");
        assertSame(given, DriverErrors.of(given, null, List.of()));
    }
}
