package org.depthlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress indicator for long runs, written to stderr:
 * {@code generate sudoku9  340/1000 (34%)  52.1/s  ETA 0:13}.
 *
 * <p>On a terminal the line is redrawn in place ('\r') at most five times a second, and only
 * once the run has lasted half a second, so short runs print nothing. Elsewhere (a log file,
 * a test) a full line is printed every ten seconds, starting after ten seconds. Whatever was
 * shown is completed with a final line by {@link #finish()}.
 *
 * <p>Java cannot ask whether stderr alone is a terminal; a console attached to the process
 * ({@link System#console()}) is the stand-in.
 */
public final class Progress {

    private static final long NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean interactive;
    private final LongSupplier clock;
    private final long started;
    private long lastDrawn;
    private long done;
    private String status = "";
    private boolean shown;

    /**
     * A progress line.
     *
     * @param err where to draw it
     * @param label what is counted, e.g. "generate sudoku9"
     * @param total the count at which the run is complete
     * @param interactive whether {@code err} is a terminal (redraw in place)
     * @param clock a nanosecond clock ({@code System::nanoTime} outside tests)
     */
    public Progress(PrintWriter err, String label, long total, boolean interactive, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.interactive = interactive;
        this.clock = clock;
        this.started = clock.getAsLong();
    }

    /** A progress line on {@code err}, redrawn in place when the process has a console. */
    public static Progress of(PrintWriter err, String label, long total) {
        return new Progress(err, label, total, System.console() != null, System::nanoTime);
    }

    /** Records that {@code count} of the total are done, and redraws if it is time to. */
    public void update(long count) {
        done = count;
        long now = clock.getAsLong();
        long elapsed = now - started;
        long delay = interactive ? NANOS / 2 : 10 * NANOS;
        long every = interactive ? NANOS / 5 : 10 * NANOS;
        if (elapsed >= delay && (!shown || now - lastDrawn >= every)) {
            draw(now);
            lastDrawn = now;
        }
    }

    /**
     * Records progress with a status to show beside the count (a training loss, an
     * accuracy), and redraws if it is time to.
     */
    public void update(long count, String statusText) {
        status = statusText == null ? "" : statusText;
        update(count);
    }

    /**
     * Prints a whole line of output to {@code err} without tangling it with a progress line
     * being redrawn in place.
     */
    public void log(String text) {
        if (interactive && shown) {
            err.print("\r\u001b[K");
        }
        err.println(text);
        err.flush();
    }

    /** Completes the line if anything was shown (a final state and a newline). */
    public void finish() {
        if (shown) {
            draw(clock.getAsLong());
            if (interactive) {
                err.println();
            }
            err.flush();
        }
    }

    private void draw(long now) {
        String text = line(label, done, total, now - started, status);
        if (interactive) {
            err.print("\r" + text + "\u001b[K");
        } else {
            err.println(text);
        }
        err.flush();
        shown = true;
    }

    /** The text of the line for {@code done} of {@code total} after {@code elapsedNanos}. */
    static String line(String label, long done, long total, long elapsedNanos) {
        return line(label, done, total, elapsedNanos, "");
    }

    /** The same with a status after the count, e.g. {@code loss 0.0312}. */
    static String line(String label, long done, long total, long elapsedNanos, String status) {
        double seconds = elapsedNanos / (double) NANOS;
        double rate = seconds > 0 ? done / seconds : 0;
        StringBuilder b = new StringBuilder(label).append("  ").append(done).append('/').append(total);
        if (total > 0) {
            b.append(" (").append(100 * done / total).append("%)");
        }
        if (!status.isEmpty()) {
            b.append("  ").append(status);
        }
        b.append(String.format(Locale.ROOT, "  %.1f/s", rate));
        if (done >= total) {
            b.append("  done in ").append(clock((long) Math.ceil(seconds)));
        } else if (rate > 0) {
            b.append("  ETA ").append(clock((long) Math.ceil((total - done) / rate)));
        }
        return b.toString();
    }

    /** Seconds as m:ss (or h:mm:ss). */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
