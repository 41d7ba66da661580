package trough.tools.shell;

import java.util.List;

/** Where the shell talks to its operator: a terminal (with paging and questions) or plain streams. */
interface ShellConsole {
    void println(String line);

    /** Prints lines a screen at a time where there are screens. */
    void page(List<String> lines);

    /** Asks a yes/no question; false where nobody can answer. */
    boolean confirm(String question);
}
