import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the looped-forward exercise. The stack handed to the student's loop is a
 * measuring one: it logs every call, gives every output a depth one more than the state its
 * input was built from, and checks that each input is that state plus x.
 */
class LoopTest {

    /** A stack that computes tanh(W h) and measures how it is called. */
    static final class MeasuringStack implements Loop.Stack {
        final double[][] w;
        final double[] z0;
        final double[] x;
        final List<double[]> inputs = new ArrayList<>();
        final Map<double[], Integer> depth = new IdentityHashMap<>();
        double[] current;

        MeasuringStack(SplittableRandom rng, double[] z0, double[] x) {
            int n = z0.length;
            this.w = new double[n][n];
            for (double[] row : w) {
                for (int j = 0; j < n; j++) {
                    row[j] = rng.nextDouble(-0.5, 0.5);
                }
            }
            this.z0 = z0;
            this.x = x;
            this.current = z0;
            depth.put(z0, 0);
        }

        @Override
        public double[] apply(double[] h) {
            if (h == null || h.length != z0.length) {
                fail("the stack was called with " + (h == null ? "null" : h.length + " values") + ", not " + z0.length);
            }
            if (h == current || h == x) {
                fail("call " + (inputs.size() + 1) + " got the state or the input itself, not a new array holding z + x");
            }
            for (int i = 0; i < h.length; i++) {
                if (Math.abs(h[i] - (current[i] + x[i])) > 1e-12) {
                    fail("call " + (inputs.size() + 1) + ": h[" + i + "] = " + h[i] + ", but the current state plus the input is "
                            + (current[i] + x[i]));
                }
            }
            inputs.add(h.clone());
            double[] out = new double[h.length];
            for (int i = 0; i < h.length; i++) {
                double s = 0;
                for (int j = 0; j < h.length; j++) {
                    s += w[i][j] * h[j];
                }
                out[i] = Math.tanh(s);
            }
            depth.put(out, depth.get(current) + 1);
            current = out;
            return out;
        }
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return v;
    }

    @Test
    void theStackIsAppliedKTimes() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int loops = 1; loops <= 6; loops++) {
            MeasuringStack stack = new MeasuringStack(rng, random(rng, 4), random(rng, 4));
            Loop.run(stack, stack.z0, stack.x, loops);
            assertEquals(loops, stack.inputs.size(), "with K = " + loops + " the stack must be called " + loops + " times");
        }
    }

    @Test
    void everyApplicationGetsTheStatePlusTheInput() {
        SplittableRandom rng = new SplittableRandom(3);
        MeasuringStack stack = new MeasuringStack(rng, random(rng, 5), random(rng, 5));
        Loop.run(stack, stack.z0, stack.x, 4); // the stack itself fails on a wrong argument
        assertEquals(4, stack.inputs.size());
    }

    @Test
    void theResultIsTheLastOutputKApplicationsDeep() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int loops = 1; loops <= 5; loops++) {
            MeasuringStack stack = new MeasuringStack(rng, random(rng, 3), random(rng, 3));
            double[] z = Loop.run(stack, stack.z0, stack.x, loops);
            assertNotNull(z, "run returned null");
            assertSame(stack.current, z, "run must return the array the last call of the stack returned");
            assertEquals(loops, stack.depth.get(z), "the result must lie K = " + loops + " stack applications deep");
        }
    }

    @Test
    void theInputReachesEveryApplication() {
        // Change x: the argument of every call changes, the first and the last included.
        SplittableRandom rng = new SplittableRandom(7);
        double[] z0 = random(rng, 4);
        double[] x = random(rng, 4);
        MeasuringStack a = new MeasuringStack(new SplittableRandom(9), z0.clone(), x);
        Loop.run(a, a.z0, a.x, 3);
        double[] y = x.clone();
        y[2] += 0.5;
        MeasuringStack b = new MeasuringStack(new SplittableRandom(9), z0.clone(), y);
        Loop.run(b, b.z0, b.x, 3);
        for (int k = 0; k < 3; k++) {
            assertNotEquals(a.inputs.get(k)[2], b.inputs.get(k)[2], "changing x did not reach call " + (k + 1));
        }
    }

    @Test
    void theArgumentsAreLeftUnchanged() {
        SplittableRandom rng = new SplittableRandom(11);
        double[] z0 = random(rng, 4);
        double[] x = random(rng, 4);
        double[] z0Copy = z0.clone();
        double[] xCopy = x.clone();
        MeasuringStack stack = new MeasuringStack(rng, z0, x);
        Loop.run(stack, z0, x, 3);
        assertArrayEquals(z0Copy, z0, 0.0, "run changed z0");
        assertArrayEquals(xCopy, x, 0.0, "run changed x");
        assertTrue(stack.inputs.size() == 3);
    }
}
