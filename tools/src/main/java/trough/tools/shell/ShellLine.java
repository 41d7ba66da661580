package trough.tools.shell;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One line typed at the shell, read as one of its commands or as SQL. Keywords are case-insensitive;
 * segment ids, schema names, table names and file names are kept exactly as typed.
 */
sealed interface ShellLine {
    record Empty() implements ShellLine {}

    record Quit() implements ShellLine {}

    record Help(String topic) implements ShellLine {}

    record Connect(List<String> segments) implements ShellLine {}

    record ConnectMatching(String regex) implements ShellLine {}

    record ShowConnections() implements ShellLine {}

    record ShowTables() implements ShellLine {}

    record ShowCreateTable(String table) implements ShellLine {}

    record ShowSchema(String name) implements ShellLine {}

    record ShowSchemas() implements ShellLine {}

    record ShowSegments(String regex, boolean withRows) implements ShellLine {}

    record ShowCluster() implements ShellLine {}

    record Format(ResultFormat format) implements ShellLine {}

    record RegisterSchema(String name, String file) implements ShellLine {}

    record Infile(String file) implements ShellLine {}

    record Promote() implements ShellLine {}

    record Shred(List<String> segments) implements ShellLine {}

    record Sql(String sql) implements ShellLine {}

    /** Reads a line; a mistake in a shell command is an {@link IllegalArgumentException} saying its form. */
    static ShellLine parse(String line) {
        String text = line.strip();
        while (text.endsWith(";")) text = text.substring(0, text.length() - 1).stripTrailing();
        if (text.isEmpty()) return new Empty();
        String[] words = text.split("\\s+");
        String first = upper(words[0]);
        String second = words.length > 1 ? upper(words[1]) : "";
        switch (first) {
            case "QUIT", "EXIT", "BYE" -> {
                return new Quit();
            }
            case "HELP", "?" -> {
                return new Help(words.length > 1 ? String.join(" ", Arrays.copyOfRange(words, 1, words.length)) : null);
            }
            case "CONNECT" -> {
                if (second.equals("MATCHING")) return new ConnectMatching(rest(text, 2, "CONNECT MATCHING <regex>"));
                if (words.length < 2) throw usage("CONNECT <segment> [<segment> ...] or CONNECT MATCHING <regex>");
                return new Connect(List.of(Arrays.copyOfRange(words, 1, words.length)));
            }
            case "FORMAT" -> {
                if (words.length == 1) return new Format(null);
                try {
                    return new Format(ResultFormat.valueOf(upper(words[1])));
                } catch (IllegalArgumentException e) {
                    throw usage("FORMAT TABLE|PRETTY|RAW");
                }
            }
            case "REGISTER" -> {
                if (!second.equals("SCHEMA") || words.length != 4) throw usage("REGISTER SCHEMA <name> <file>");
                return new RegisterSchema(words[2], words[3]);
            }
            case "INFILE" -> {
                return new Infile(rest(text, 1, "INFILE <file>"));
            }
            case "PROMOTE" -> {
                if (words.length > 1) throw usage("PROMOTE (promotes the connected segments)");
                return new Promote();
            }
            case "SHRED" -> {
                if (!second.equals("SEGMENT") || words.length < 3) throw usage("SHRED SEGMENT <segment> [<segment> ...]");
                return new Shred(List.of(Arrays.copyOfRange(words, 2, words.length)));
            }
            case "SHOW" -> {
                return show(text, words, second);
            }
            default -> {
                return new Sql(text);
            }
        }
    }

    private static ShellLine show(String text, String[] words, String what) {
        switch (what) {
            case "CONNECTIONS" -> {
                return new ShowConnections();
            }
            case "TABLES" -> {
                return new ShowTables();
            }
            case "SCHEMAS" -> {
                return new ShowSchemas();
            }
            case "SCHEMA" -> {
                if (words.length != 3) throw usage("SHOW SCHEMA <name>");
                return new ShowSchema(words[2]);
            }
            case "CREATE" -> {
                if (words.length != 4 || !upper(words[2]).equals("TABLE")) throw usage("SHOW CREATE TABLE <table>");
                return new ShowCreateTable(words[3]);
            }
            case "CLUSTER" -> {
                if (words.length != 2) throw usage("SHOW CLUSTER");
                return new ShowCluster();
            }
            case "SEGMENTS" -> {
                boolean withRows = words.length >= 4 && upper(words[words.length - 2]).equals("WITH") && upper(words[words.length - 1]).equals("ROWS");
                int end = withRows ? words.length - 2 : words.length;
                if (end == 2) return new ShowSegments(null, withRows);
                if (end == 4 && upper(words[2]).equals("MATCHING")) return new ShowSegments(words[3], withRows);
                throw usage("SHOW SEGMENTS [MATCHING <regex>] [WITH ROWS]");
            }
            default -> {
                // SHOW is no SQL the driver knows; say what the shell does know.
                throw usage("SHOW CONNECTIONS|TABLES|SCHEMAS|SCHEMA <name>|CREATE TABLE <table>|SEGMENTS [MATCHING <regex>] [WITH ROWS]|CLUSTER");
            }
        }
    }

    /** The text after the first {@code skip} words, as typed (a regex or a file name may hold spaces). */
    private static String rest(String text, int skip, String form) {
        String[] parts = text.split("\\s+", skip + 1);
        if (parts.length <= skip || parts[skip].isBlank()) throw usage(form);
        return parts[skip];
    }

    private static IllegalArgumentException usage(String form) {
        return new IllegalArgumentException("usage: " + form);
    }

    private static String upper(String word) {
        return word.toUpperCase(Locale.ROOT);
    }
}
