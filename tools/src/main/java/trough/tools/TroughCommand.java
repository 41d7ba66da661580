package trough.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine;
import trough.core.registry.RegistryException;
import trough.tools.bench.BenchCommand;
import trough.tools.config.ConfigException;
import trough.tools.load.LoadCommand;
import trough.tools.local.LocalCommand;
import trough.tools.node.SyncCommand;
import trough.tools.node.WorkerCommand;
import trough.tools.security.TokenCommand;
import trough.tools.shell.ShellCommand;

/** The {@code trough} command line. */
@Command(name = "trough", mixinStandardHelpOptions = true, versionProvider = TroughVersion.class,
        description = "Trough: a distributed SQL database made of many small SQLite segments.",
        subcommands = {LocalCommand.class, WorkerCommand.class, SyncCommand.class, ShellCommand.class, LoadCommand.class, BenchCommand.class, TokenCommand.class, CommandLine.HelpCommand.class})
public final class TroughCommand {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@code trough} runs it. */
    public static CommandLine commandLine() {
        return new CommandLine(new TroughCommand()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(TroughCommand::settingsError);
    }

    /**
     * A mistake in the settings (exit 2) or a registry that cannot be reached (exit 1) is one line saying what
     * to fix; anything else keeps its stack trace.
     */
    private static int settingsError(Exception error, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
        boolean settings = error instanceof ConfigException || error instanceof IllegalArgumentException;
        if (!settings && !(error instanceof RegistryException)) throw error;
        command.getErr().println("trough " + command.getCommandName() + ": " + error.getMessage());
        return settings ? 2 : 1;
    }
}
