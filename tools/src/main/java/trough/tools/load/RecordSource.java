package trough.tools.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The records of one input file, read once from the start. */
interface RecordSource extends AutoCloseable {
    /** The next record, or null after the last; a record that cannot be read is a {@link BadRecordException}. */
    LoadRecord next() throws BadRecordException, IOException;

    /** Bytes of the file read so far, for progress. */
    long bytesRead();

    @Override
    void close() throws IOException;

    /** The reader for {@code file}, chosen by its name: .csv, .ndjson/.jsonl/.json, or .sqlite/.db (reading {@code table}). */
    static RecordSource open(Path file, String table) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) return new CsvRecords(file);
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json")) return new NdjsonRecords(file);
        if (name.endsWith(".sqlite") || name.endsWith(".sqlite3") || name.endsWith(".db")) return new SqliteRecords(file, table);
        throw new IllegalArgumentException("cannot tell the format of " + file + ": name it .csv (with a header row), .ndjson or .sqlite");
    }
}
