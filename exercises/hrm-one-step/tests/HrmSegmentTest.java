import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the HRM-segment exercise. The modules and the tape handed to the student's
 * segment measure it: they follow the chain of states (depth, in module applications), check
 * each argument against the states the chain has reached, and log which applications ran
 * outside noGrad (recorded). Expected values are formulas (N·T + N, 2), not a second HRM.
 */
class HrmSegmentTest {

    /** Shared bookkeeping of one segment. */
    static final class Meter implements HrmSegment.Tape {
        final Map<double[], Integer> depth = new IdentityHashMap<>();
        final List<String> calls = new ArrayList<>();
        double[] zH;
        double[] zL;
        double[] x;
        boolean recording = true;
        int recorded;

        @Override
        public void noGrad(Runnable body) {
            boolean before = recording;
            recording = false;
            try {
                body.run();
            } finally {
                recording = before;
            }
        }
    }

    /** A module z -> tanh(W (state + added)) that checks its arguments against the chain. */
    static final class Measured implements HrmSegment.Module {
        final boolean low;
        final Meter m;
        final double[][] w;

        Measured(boolean low, Meter m, SplittableRandom rng, int n) {
            this.low = low;
            this.m = m;
            this.w = new double[n][n];
            for (double[] row : w) {
                for (int j = 0; j < n; j++) {
                    row[j] = rng.nextDouble(-0.6, 0.6);
                }
            }
        }

        @Override
        public double[] apply(double[] state, double[] added) {
            String step = (low ? "L" : "H") + "-step " + (m.calls.size() + 1);
            if (state == null || added == null) {
                fail(step + " got null");
            }
            double[] expectedState = low ? m.zL : m.zH;
            if (state != expectedState) {
                fail(step + ": the state argument must be the current " + (low ? "zL" : "zH") + " (the array the last "
                        + (low ? "L" : "H") + "-step returned, or the carry's)");
            }
            if (low) {
                if (added == m.zH || added == m.x) {
                    fail(step + ": pass a new array holding zH + x, not zH or x itself");
                }
                for (int i = 0; i < added.length; i++) {
                    if (Math.abs(added[i] - (m.zH[i] + m.x[i])) > 1e-12) {
                        fail(step + ": added[" + i + "] = " + added[i] + " but the current zH + x is " + (m.zH[i] + m.x[i]));
                    }
                }
            } else {
                for (int i = 0; i < added.length; i++) {
                    if (Math.abs(added[i] - m.zL[i]) > 1e-12) {
                        fail(step + ": the H-step must add the current zL (the last L-step's result)");
                    }
                }
            }
            double[] out = new double[state.length];
            for (int i = 0; i < out.length; i++) {
                double s = 0;
                for (int j = 0; j < out.length; j++) {
                    s += w[i][j] * (state[j] + added[j]);
                }
                out[i] = Math.tanh(s);
            }
            // The depth of what went in: the state's, or zH's (for L) / zL's (for H), whichever is deeper.
            int in = Math.max(m.depth.get(state), m.depth.get(low ? m.zH : m.zL));
            m.depth.put(out, in + 1);
            m.calls.add((low ? "L" : "H") + (m.recording ? "*" : ""));
            if (m.recording) {
                m.recorded++;
            }
            if (low) {
                m.zL = out;
            } else {
                m.zH = out;
            }
            return out;
        }
    }

    /** Runs the student's segment with measuring modules; returns the meter. */
    private static Meter run(int cycles, int steps, long seed, HrmSegment.States[] result) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = 3;
        Meter m = new Meter();
        m.zH = random(rng, n);
        m.zL = random(rng, n);
        m.x = random(rng, n);
        m.depth.put(m.zH, 0);
        m.depth.put(m.zL, 0);
        HrmSegment.States carry = new HrmSegment.States(m.zH, m.zL);
        result[0] = HrmSegment.segment(new Measured(true, m, rng, n), new Measured(false, m, rng, n), m, carry, m.x,
                cycles, steps);
        return m;
    }

    private static String expectedOrder(int cycles, int steps) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cycles; i++) {
            b.append("L".repeat(steps)).append("H");
        }
        return b.toString();
    }

    @Test
    void theUpdatesComeInHrmsOrder() {
        for (int cycles = 1; cycles <= 3; cycles++) {
            for (int steps = 1; steps <= 3; steps++) {
                Meter m = run(cycles, steps, 10L * cycles + steps, new HrmSegment.States[1]);
                String order = String.join("", m.calls).replace("*", "");
                assertEquals(expectedOrder(cycles, steps), order, "N = " + cycles + ", T = " + steps
                        + ": the L-steps (L) and H-steps (H) in the order you ran them");
            }
        }
    }

    @Test
    void theFinalStatesAreTheLastUpdatesNTimesTPlusNDeep() {
        for (int cycles = 1; cycles <= 3; cycles++) {
            for (int steps = 1; steps <= 3; steps++) {
                HrmSegment.States[] out = new HrmSegment.States[1];
                Meter m = run(cycles, steps, 100L + 10L * cycles + steps, out);
                assertNotNull(out[0], "segment returned null");
                assertSame(m.zH, out[0].zH(), "return the zH of the last H-step");
                assertSame(m.zL, out[0].zL(), "return the zL of the last L-step");
                assertEquals(cycles * steps + cycles, m.depth.get(out[0].zH()),
                        "N = " + cycles + ", T = " + steps + ": zH must lie N*T + N module applications deep");
            }
        }
    }

    @Test
    void onlyTheLastLStepAndTheLastHStepAreRecorded() {
        for (int cycles = 1; cycles <= 4; cycles++) {
            for (int steps = 1; steps <= 4; steps++) {
                Meter m = run(cycles, steps, 1000L + 10L * cycles + steps, new HrmSegment.States[1]);
                assertEquals(2, m.recorded, "N = " + cycles + ", T = " + steps + ": recorded applications "
                        + String.join(" ", m.calls) + " (* = recorded); the one-step gradient records exactly two");
                int last = m.calls.size();
                assertEquals("L*", m.calls.get(last - 2), "the last L-step must be recorded");
                assertEquals("H*", m.calls.get(last - 1), "the last H-step must be recorded");
            }
        }
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return v;
    }
}
