package org.depthlab.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;
import org.depthlab.experiments.Sweep;

/**
 * The sweep's progress on stderr: one line with the sweep (runs finished, share of the
 * training FLOPs done, ETA) and the run in progress (its update, loss and training accuracy),
 * plus a line for every run that finishes or resumes.
 *
 * <p>On a terminal the line is redrawn in place at most five times a second; elsewhere (a log
 * file, a cluster job's output) it is printed every thirty seconds, as {@link Progress} does
 * for one run.
 */
final class SweepProgress implements Sweep.Listener {

    private static final long NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean interactive;
    private final LongSupplier clock;
    private long lastDrawn = Long.MIN_VALUE;
    private boolean drawnInPlace;
    private Sweep.Status last;

    SweepProgress(PrintWriter err, boolean interactive, LongSupplier clock) {
        this.err = err;
        this.interactive = interactive;
        this.clock = clock;
    }

    static SweepProgress of(PrintWriter err) {
        return new SweepProgress(err, System.console() != null, System::nanoTime);
    }

    @Override
    public void onStatus(Sweep.Status status) {
        last = status;
        long now = clock.getAsLong();
        long every = interactive ? NANOS / 5 : 30 * NANOS;
        if (lastDrawn == Long.MIN_VALUE || now - lastDrawn >= every) {
            draw(status.line());
            lastDrawn = now;
        }
    }

    @Override
    public void onLine(String text) {
        clearLine();
        err.println(text);
        err.flush();
        if (interactive && last != null) {
            draw(last.line());
        }
    }

    /** Completes the line in place, if one is drawn. */
    void finish() {
        if (interactive && drawnInPlace) {
            err.println();
            err.flush();
            drawnInPlace = false;
        }
    }

    private void draw(String line) {
        if (interactive) {
            err.print("\r" + line + "\u001b[K");
            drawnInPlace = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    private void clearLine() {
        if (interactive && drawnInPlace) {
            err.print("\r\u001b[K");
            drawnInPlace = false;
        }
    }
}
