package org.depthlab.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar for long work: done/total, a bar, a caller's status text (loss,
 * accuracy) and the estimated time left.
 *
 * <p>On a terminal the line is redrawn in place (at most ten times a second); elsewhere — a
 * log file, a test — nothing is drawn until {@link #finish()}, so that captured output holds
 * only the lines a reader wants.
 */
public final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean live;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long done;
    private String status = "";
    private boolean finished;

    /**
     * @param live whether to redraw in place (pass {@link #isTerminal()} for stderr)
     */
    public ProgressBar(PrintWriter out, String label, long total, boolean live) {
        this.out = out;
        this.label = label;
        this.total = Math.max(1, total);
        this.live = live;
    }

    /** Whether standard streams are attached to an interactive terminal. */
    public static boolean isTerminal() {
        return System.console() != null;
    }

    /** Records progress and the status text to show beside the bar. */
    public void update(long doneSoFar, String statusText) {
        this.done = doneSoFar;
        this.status = statusText;
        long now = System.nanoTime();
        if (live && (now - lastDraw >= REDRAW_NANOS || done >= total)) {
            lastDraw = now;
            out.print("\r" + line() + "\u001b[K");
            out.flush();
        }
    }

    /** Prints a whole line above the bar (the bar is redrawn on the next update). */
    public void log(String text) {
        if (live) {
            out.print("\r\u001b[K");
        }
        out.println(text);
        out.flush();
    }

    /** Ends the bar with its final state on a line of its own. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (live) {
            out.print("\r" + line() + "\u001b[K");
            out.println();
        } else {
            out.println(line());
        }
        out.flush();
    }

    @Override
    public void close() {
        finish();
    }

    String line() {
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        double elapsed = (System.nanoTime() - start) / 1e9;
        String eta = done == 0 ? "?" : seconds(elapsed * (total - done) / done);
        String time = done >= total ? "in " + seconds(elapsed) : "ETA " + eta;
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %s %s", label, "#".repeat(filled),
                "-".repeat(WIDTH - filled), done, total, status, time);
    }

    private static String seconds(double s) {
        if (s < 60) {
            return String.format(Locale.ROOT, "%.1fs", s);
        }
        return String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
    }
}
