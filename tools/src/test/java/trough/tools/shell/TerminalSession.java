package trough.tools.shell;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code trough} run in a real pseudo-terminal, typed at and read from like a person would: what it prints
 * is kept (without the terminal's escape sequences) and waited for with {@link #expect}.
 */
final class TerminalSession implements AutoCloseable {
    private static final Pattern ESCAPES = Pattern.compile("\u001B\\[[0-9;?<=>]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(\u0007|\u001B\\\\)|\u001B[=>()][0-9A-Za-z]?|\r|\u0007");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final PtyProcess process;
    private final OutputStream keys;
    private final StringBuilder seen = new StringBuilder();
    private int mark;

    private TerminalSession(PtyProcess process) {
        this.process = process;
        this.keys = process.getOutputStream();
        Thread reader = new Thread(() -> read(process.getInputStream()), "pty-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code trough args...} with {@code home} as its home directory, on a screen of {@code rows} lines. */
    static TerminalSession start(Path home, int rows, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), "trough.tools.TroughCommand"));
        command.addAll(List.of(args));
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("TERM", "xterm-256color");
        environment.put("HOME", home.toString());
        PtyProcess process = new PtyProcessBuilder(command.toArray(String[]::new)).setEnvironment(environment)
                .setDirectory(home.toString()).setInitialColumns(160).setInitialRows(rows).start();
        return new TerminalSession(process);
    }

    private void read(InputStream output) {
        byte[] buffer = new byte[8192];
        try {
            for (int n = output.read(buffer); n >= 0; n = output.read(buffer)) {
                synchronized (seen) {
                    seen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    seen.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Types a line and Enter. */
    void type(String line) {
        keys(line + "\r");
    }

    void keys(String text) {
        try {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the output since the last expectation shows {@code text}; answers that output up to and
     * including it (escape sequences removed), and moves the mark past it.
     */
    String expect(String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (seen) {
            while (true) {
                String plain = plain(seen.substring(mark));
                int at = plain.indexOf(text);
                if (at >= 0) {
                    // Move the mark in the raw output past the text found: find the shortest raw prefix whose plain form holds it.
                    int end = mark;
                    while (!plain(seen.substring(mark, end)).contains(text)) end++;
                    mark = end;
                    return plain.substring(0, at + text.length());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && plain(seen.substring(mark)).indexOf(text) < 0 && !waitBriefly()) {
                    throw new AssertionError("waited for \"" + text + "\"; the terminal shows:\n" + plain(seen.substring(mark)));
                }
                seen.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    /** After the process ended, its last output may still be on its way once. */
    private boolean once;

    private boolean waitBriefly() {
        if (once) return false;
        once = true;
        return true;
    }

    /** Waits for the process to end; answers its exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) throw new AssertionError("the shell did not end");
        return process.exitValue();
    }

    static String plain(String raw) {
        return ESCAPES.matcher(raw).replaceAll("");
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
