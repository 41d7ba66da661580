package trough.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import trough.tools.local.LocalCommand;
import trough.tools.node.SyncCommand;
import trough.tools.node.WorkerCommand;

/** The {@code trough} command line. */
@Command(name = "trough", mixinStandardHelpOptions = true, versionProvider = TroughVersion.class,
        description = "Trough: a distributed SQL database made of many small SQLite segments.",
        subcommands = {LocalCommand.class, WorkerCommand.class, SyncCommand.class, CommandLine.HelpCommand.class})
public final class TroughCommand {
    public static void main(String[] args) {
        int exit = new CommandLine(new TroughCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(exit);
    }
}
