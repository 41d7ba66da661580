package trough.tools.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file whose first row names the columns. Values load as text, which SQLite converts by the column's
 * affinity (an INTEGER column stores '42' as 42); an empty field is NULL.
 */
final class CsvRecords implements RecordSource {
    private final Path file;
    private final CountingInput input;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;

    CsvRecords(Path file) throws IOException {
        this.file = file;
        this.input = new CountingInput(new BufferedInputStream(Files.newInputStream(file)));
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setNullString("").setTrim(false).get();
        this.parser = CSVParser.parse(new InputStreamReader(input, StandardCharsets.UTF_8), format);
        this.header = parser.getHeaderNames();
        this.records = parser.iterator();
    }

    @Override
    public LoadRecord next() throws BadRecordException, IOException {
        CSVRecord record;
        try {
            if (!records.hasNext()) return null;
            record = records.next();
        } catch (UncheckedIOException e) {
            throw new BadRecordException(file, parser.getCurrentLineNumber(), null, "not CSV: " + e.getCause().getMessage());
        }
        long line = record.getRecordNumber() + 1; // the header is line 1
        if (record.size() != header.size()) {
            throw new BadRecordException(file, line, null, "has " + record.size() + " fields, the header names " + header.size());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) values.put(header.get(i), record.get(i));
        return new LoadRecord(line, values);
    }

    @Override
    public long bytesRead() {
        return input.count();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
