package trough.tools.load;

import java.nio.file.Path;

/** A record that cannot be loaded, named by file, line and column, with what is wrong with it. */
final class BadRecordException extends Exception {
    BadRecordException(Path file, long line, String column, String problem) {
        super(file + " line " + line + (column == null ? "" : ", column " + column) + ": " + problem);
    }
}
