package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The tour runs end to end: its gradient check passes and its block learns. */
class TourCommandTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void tourPassesItsGradientCheckAndTheBlockLearns() {
        String[] result = run("tour");
        assertEquals("0", result[0], result[1] + result[2]);
        assertTrue(result[1].contains("passed"), result[1]);
        assertTrue(result[1].contains("accuracy on 1,000 new sequences: 100.0%"), result[1]);
        assertTrue(result[1].contains("4 blocks, length 8"), result[1]);
        assertTrue(result[1].contains("of held-out puzzles exactly right"), result[1]);
        assertTrue(result[1].contains("segment 4"), result[1]);
        assertTrue(result[1].contains("Measured here: looped " + heldOut(result[1], "looped") + "% of held-out puzzles"
                + " after 400 updates, HRM " + heldOut(result[1], "hrm") + "% after 800."), result[1]);
    }

    /** The held-out exact accuracy the tour printed for a model when its training ended. */
    private static String heldOut(String tour, String label) {
        Matcher m = Pattern.compile("\\s" + label + "\\s.*updates: +([0-9.]+)% of held-out puzzles").matcher(tour);
        assertTrue(m.find(), label + " in\n" + tour);
        return m.group(1);
    }

    /** The sentence about HRM says what was measured: "more slowly" only when HRM did worse. */
    @Test
    void theSudokuPartsComparisonFollowsTheNumbers() {
        String slower = String.join("\n", TourSudoku.comparison(new TourSudoku.Trained(null, 400, 0.9),
                new TourSudoku.Trained(null, 800, 0.3)));
        assertTrue(slower.startsWith("Measured here: looped 90.0% of held-out puzzles after 400 updates, HRM 30.0%"
                + " after 800.\nHRM learned more slowly"), slower);
        String kept = String.join("\n", TourSudoku.comparison(new TourSudoku.Trained(null, 400, 0.5),
                new TourSudoku.Trained(null, 800, 0.5)));
        assertTrue(kept.contains("HRM kept up here") && !kept.contains("more slowly"), kept);
    }

    @Test
    void theShiftPartWithTooFewStepsSaysSoAndFails() {
        StringWriter out = new StringWriter();
        boolean learned = new TourShift().run(new TourPart.Context(new PrintWriter(out), new PrintWriter(new StringWriter()),
                1, 3));
        assertTrue(!learned);
        assertTrue(out.toString().contains("expected >= 99%"), out.toString());
    }

    @Test
    void aBadStepCountIsOneLineAndExitTwo() {
        String[] result = run("tour", "--steps", "0");
        assertEquals("2", result[0]);
        assertEquals("depthlab: --steps must be at least 1, got 0", result[2].strip());
    }
}
