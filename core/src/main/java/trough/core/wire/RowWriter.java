package trough.core.wire;

import java.io.IOException;
import java.util.List;

/**
 * Where result rows go, in order: {@link #begin} once, {@link #row} per row, then {@link #end}, or
 * {@link #fail} when the query breaks after rows started to flow. Values are {@code null}, {@link Long},
 * {@link Double}, {@link String} or {@code byte[]}: SQLite's five storage classes.
 */
public interface RowWriter {
    void begin(List<Column> columns) throws IOException;

    void row(Object[] values) throws IOException;

    void end() throws IOException;

    /** Reports a failure mid-stream; a format that cannot carry one throws, so the transfer is cut short. */
    void fail(String segment, String message) throws IOException;
}
