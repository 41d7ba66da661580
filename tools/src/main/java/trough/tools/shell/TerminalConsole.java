package trough.tools.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;

/** The shell on a terminal: output a screen at a time when it is longer than the screen, questions on the line. */
final class TerminalConsole implements ShellConsole {
    private static final String MORE = "-- more: Enter or space for the next page, q to stop --";

    private final Terminal terminal;
    private final LineReader reader;
    private final PrintWriter out;

    TerminalConsole(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
        this.out = terminal.writer();
    }

    @Override
    public void println(String line) {
        out.println(line);
        out.flush();
    }

    @Override
    public void page(List<String> lines) {
        int screen = terminal.getHeight() - 1;
        boolean paged = !Terminal.TYPE_DUMB.equals(terminal.getType()) && screen > 1 && lines.size() > screen;
        for (int i = 0; i < lines.size(); i++) {
            if (paged && i > 0 && i % screen == 0 && !more()) return;
            out.println(lines.get(i));
        }
        out.flush();
    }

    /** Waits for a key at the end of a page: false when the operator stops the output. */
    private boolean more() {
        out.print(MORE);
        out.flush();
        Attributes saved = terminal.enterRawMode();
        try {
            int key = terminal.reader().read();
            return key != 'q' && key != 'Q' && key != 3 && key >= 0;
        } catch (IOException e) {
            return false;
        } finally {
            terminal.setAttributes(saved);
            out.print("\r" + " ".repeat(MORE.length()) + "\r");
            out.flush();
        }
    }

    @Override
    public boolean confirm(String question) {
        try {
            return reader.readLine(question + " Type yes to go on: ").strip().equalsIgnoreCase("yes");
        } catch (UserInterruptException | EndOfFileException e) {
            return false;
        }
    }
}
