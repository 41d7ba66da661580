package trough.tools.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import trough.tools.admin.OpenedTarget;
import trough.tools.admin.SegmentTarget;
import trough.tools.admin.TargetOptions;

/** {@code trough shell}: the operator's interactive shell. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"An interactive shell on a Trough cluster or a directory of segments: queries across segments as one "
                + "merged result, writes to a segment, and the administration commands. Type help inside for the commands.",
                "History is kept in ~/.trough_history."})
public final class ShellCommand implements Callable<Integer> {
    @Mixin
    TargetOptions where;

    @Option(names = {"-w", "--writable"}, description = "allow writes to the connected segment")
    boolean writable;

    @Option(names = {"-s", "--schema"}, description = "the schema whose tables are visible and from which new segments are made")
    String schema;

    @Option(names = "--yes", description = "do not ask before SHRED SEGMENT")
    boolean yes;

    @Option(names = {"-c", "--command"}, description = "run this line (repeatable) and exit instead of reading the terminal")
    List<String> commands;

    @Parameters(arity = "0..*", paramLabel = "SEGMENT", description = "segments to connect to at start")
    List<String> segments = List.of();

    @Override
    public Integer call() throws IOException {
        OpenedTarget opened = where.open();
        SegmentTarget target = opened.target();
        String chosenSchema = schema != null ? schema : opened.schema();
        if (commands != null) {
            PlainConsole console = new PlainConsole(System.out);
            try (Shell shell = new Shell(target, where.url(), opened.properties(), chosenSchema, writable, yes, console)) {
                connectAtStart(shell);
                for (String command : commands) {
                    if (!shell.run(command)) break;
                }
                return shell.failures() == 0 ? 0 : 1;
            }
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("trough")
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".trough_history"))
                    .build();
            try (Shell shell = new Shell(target, where.url(), opened.properties(), chosenSchema, writable, yes, new TerminalConsole(terminal, reader))) {
                terminal.writer().println("Trough shell on " + target.describe() + ". help lists the commands; Ctrl-D leaves.");
                connectAtStart(shell);
                while (true) {
                    String line;
                    try {
                        line = reader.readLine(shell.prompt());
                    } catch (UserInterruptException e) {
                        continue;
                    } catch (EndOfFileException e) {
                        break;
                    }
                    if (!shell.run(line)) break;
                }
            }
        }
        return 0;
    }

    private void connectAtStart(Shell shell) {
        if (!segments.isEmpty()) shell.run("CONNECT " + String.join(" ", segments));
    }
}
