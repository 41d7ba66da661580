package trough.tools.shell;

import java.io.PrintStream;
import java.util.List;

/** The shell without a terminal (commands given with -c): everything printed, no questions answered. */
final class PlainConsole implements ShellConsole {
    private final PrintStream out;

    PlainConsole(PrintStream out) {
        this.out = out;
    }

    @Override
    public void println(String line) {
        out.println(line);
    }

    @Override
    public void page(List<String> lines) {
        lines.forEach(out::println);
    }

    @Override
    public boolean confirm(String question) {
        out.println(question + " Nobody can answer here: give --yes to go on.");
        return false;
    }
}
