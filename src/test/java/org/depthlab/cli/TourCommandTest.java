package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
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
