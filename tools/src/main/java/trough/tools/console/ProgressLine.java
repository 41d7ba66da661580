package trough.tools.console;

import java.io.PrintStream;

/**
 * A progress line for long work: redrawn in place on a terminal, a new line every tenth of the way
 * otherwise (CI logs, pipes), and never more often than a few times a second.
 */
public final class ProgressLine {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private long lastTenth = -1;
    private String note = "";

    public ProgressLine(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.terminal = System.console() != null;
    }

    /** What the work is doing now, shown after the count until changed: for a stretch the count does not measure. */
    public void note(String note) {
        this.note = note.isEmpty() ? "" : " - " + note;
    }

    public void update(long done) {
        long now = System.nanoTime();
        long tenth = done * 10 / total;
        if (terminal && now - lastDrawn >= REDRAW_NANOS) {
            out.printf("\r%s: %,d / %,d (%d%%, %,.0f/s, ETA %s)%s   ", label, done, total, done * 100 / total, rate(done, now), eta(done, now), note);
            lastDrawn = now;
        } else if (!terminal && tenth != lastTenth) {
            out.printf("%s: %,d / %,d (%d%%, %,.0f/s, ETA %s)%s%n", label, done, total, done * 100 / total, rate(done, now), eta(done, now), note);
            lastTenth = tenth;
        }
    }

    public void finish(String summary) {
        long now = System.nanoTime();
        out.printf("%s%s: %s in %.1f s%n", terminal ? "\r" : "", label, summary, (now - started) / 1e9);
    }

    /** Time left at the rate so far, as m:ss. */
    private String eta(long done, long now) {
        double rate = rate(done, now);
        if (done == 0 || rate <= 0) return "?";
        long seconds = Math.round((total - Math.min(done, total)) / rate);
        return String.format("%d:%02d", seconds / 60, seconds % 60);
    }

    private double rate(long done, long now) {
        return done / Math.max(1e-9, (now - started) / 1e9);
    }
}
