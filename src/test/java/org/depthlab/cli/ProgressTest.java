package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress line: its text, and when it is drawn. */
class ProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void lineShowsCountRateAndEta() {
        assertEquals("generate sudoku9  250/1000 (25%)  50.0/s  ETA 0:15",
                Progress.line("generate sudoku9", 250, 1000, 5 * SECOND));
        assertEquals("x  10/10 (100%)  2.0/s  done in 0:05", Progress.line("x", 10, 10, 5 * SECOND));
        assertEquals("1:01:01", Progress.clock(3661));
    }

    @Test
    void shortRunsPrintNothing() {
        StringWriter sink = new StringWriter();
        long[] now = {0};
        Progress p = new Progress(new PrintWriter(sink), "x", 100, true, () -> now[0]);
        for (int i = 1; i <= 100; i++) {
            now[0] += SECOND / 1000;
            p.update(i);
        }
        p.finish();
        assertEquals("", sink.toString());
    }

    @Test
    void terminalRedrawsInPlaceAndLogsGetAFullLineEveryTenSeconds() {
        StringWriter tty = new StringWriter();
        StringWriter log = new StringWriter();
        long[] now = {0};
        Progress a = new Progress(new PrintWriter(tty), "x", 100, true, () -> now[0]);
        Progress b = new Progress(new PrintWriter(log), "x", 100, false, () -> now[0]);
        for (int i = 1; i <= 100; i++) {
            now[0] += SECOND / 2;
            a.update(i);
            b.update(i);
        }
        a.finish();
        b.finish();
        assertTrue(tty.toString().startsWith("\rx  1/100"), tty.toString());
        // Each redraw clears what a longer previous line left behind (ESC [K).
        assertTrue(tty.toString().endsWith("done in 0:50\u001b[K" + System.lineSeparator()), tty.toString());
        String[] lines = log.toString().split(System.lineSeparator());
        assertEquals(6, lines.length, log.toString()); // at 10, 20, 30, 40, 50 s, and the final line
        assertTrue(lines[0].startsWith("x  20/100"), lines[0]);
    }
}
