package trough.tools.shell;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What {@code help} says: every command in one list, and each one on its own. */
final class ShellHelp {
    private static final Map<String, String> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("SELECT", "SELECT ... | WITH ... SELECT ...\n  Runs across the connected segments (all when none is connected) as one merged result, "
                + "through the JDBC driver; prints the rows, their count and the time taken.");
        COMMANDS.put("CONNECT", "CONNECT <segment> [<segment> ...] | CONNECT MATCHING <regex>\n  Chooses the segments that queries run on "
                + "(and, with one segment in writable mode, where writes go). Nothing is created.");
        COMMANDS.put("SHOW CONNECTIONS", "SHOW CONNECTIONS\n  Lists the connected segments.");
        COMMANDS.put("SHOW TABLES", "SHOW TABLES\n  Lists the tables queries can read.");
        COMMANDS.put("SHOW CREATE TABLE", "SHOW CREATE TABLE <table>\n  Prints the table's CREATE statement and its indexes.");
        COMMANDS.put("SHOW SCHEMA", "SHOW SCHEMA <name>\n  Prints a registered schema's DDL.");
        COMMANDS.put("SHOW SCHEMAS", "SHOW SCHEMAS\n  Lists the registered schemas.");
        COMMANDS.put("SHOW SEGMENTS", "SHOW SEGMENTS [MATCHING <regex>] [WITH ROWS]\n  Lists segments with their schema, size, replicas "
                + "and writer; WITH ROWS counts the rows of each table too.");
        COMMANDS.put("SHOW CLUSTER", "SHOW CLUSTER\n  Shows the sync master's last placement round (what set it off, what it assigned, "
                + "how long it took, segments below R copies) and the workers, fullest first.");
        COMMANDS.put("FORMAT", "FORMAT [TABLE|PRETTY|RAW]\n  Sets how rows print (aligned table, boxed grid, tab-separated); "
                + "without an argument, shows the current one.");
        COMMANDS.put("REGISTER SCHEMA", "REGISTER SCHEMA <name> <file>\n  Registers (or replaces) a schema from a file of DDL.");
        COMMANDS.put("INFILE", "INFILE <file>\n  Runs the SQL statements of a file; writes in it go to the connected segment as one "
                + "transaction.");
        COMMANDS.put("PROMOTE", "PROMOTE\n  Promotes the connected segments: their current content becomes their durable copy.");
        COMMANDS.put("SHRED SEGMENT", "SHRED SEGMENT <segment> [<segment> ...]\n  Deletes segments everywhere, durable copies "
                + "included; asks first unless the shell started with --yes.");
        COMMANDS.put("QUIT", "QUIT | EXIT | BYE | Ctrl-D\n  Leaves the shell.");
        COMMANDS.put("HELP", "HELP [<command>]\n  Lists the commands, or explains one.");
    }

    private ShellHelp() {}

    /** Help on {@code topic}, or the list of all commands when it is null. */
    static String about(String topic) {
        if (topic == null) {
            StringBuilder all = new StringBuilder("Commands (keywords in any case; ids and names exactly as typed):\n");
            COMMANDS.values().forEach(text -> all.append("  ").append(text.lines().findFirst().orElseThrow()).append('\n'));
            all.append("Any other statement is SQL: queries run across segments; in writable mode (-w) with one connected "
                    + "segment, other statements write to it.\nhelp <command> explains one.");
            return all.toString();
        }
        String wanted = topic.strip().toUpperCase(Locale.ROOT);
        for (Map.Entry<String, String> entry : COMMANDS.entrySet()) {
            if (entry.getKey().equals(wanted) || entry.getValue().toUpperCase(Locale.ROOT).startsWith(wanted + " ")) return entry.getValue();
        }
        if (wanted.equals("EXIT") || wanted.equals("BYE")) return COMMANDS.get("QUIT");
        if (wanted.equals("WITH")) return COMMANDS.get("SELECT");
        throw new IllegalArgumentException("no command '" + topic.strip() + "'; help lists them all");
    }
}
