import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the mask-penalty exercise. They hold no reference computation: every check is
 * a property of the submission's own value and gradient.
 *
 * <ul>
 *   <li>value: a sum of numbers in (0, 1), so between 0 and n; σ(x) + σ(−x) = 1 makes
 *       P(m) + P(−m) = n exactly (to rounding); at a small temperature it counts the positive
 *       logits; it stays finite far from zero;</li>
 *   <li>gradient: central finite differences of the submission's own value, entry by entry;
 *       positive, the same at m and −m, and each entry depends on its own logit only.</li>
 * </ul>
 */
class MaskPenaltyTest {

    private static double[] logits(SplittableRandom rng, int n, double bound) {
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = rng.nextDouble(-bound, bound);
        }
        return m;
    }

    private static double[] negated(double[] m) {
        double[] r = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            r[i] = -m[i];
        }
        return r;
    }

    @Test
    void theValueLiesBetweenZeroAndTheNumberOfLogits() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int trial = 0; trial < 30; trial++) {
            int n = 1 + rng.nextInt(20);
            double t = rng.nextDouble(0.05, 3);
            double p = MaskPenalty.value(logits(rng, n, 4), t);
            assertTrue(p > 0 && p < n, "P = " + p + " for " + n + " logits at T = " + t);
        }
    }

    @Test
    void aLogitAndItsNegationAddUpToOne() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int trial = 0; trial < 30; trial++) {
            int n = 1 + rng.nextInt(20);
            double t = rng.nextDouble(0.05, 3);
            double[] m = logits(rng, n, 4);
            assertEquals(n, MaskPenalty.value(m, t) + MaskPenalty.value(negated(m), t), 1e-12,
                    "P(m) + P(-m) must be the number of logits (trial " + trial + ")");
        }
    }

    @Test
    void atASmallTemperatureItCountsThePositiveLogits() {
        double[] m = {0.5, -0.3, 2.0, -4.0, 0.1, 3.0, -0.2};
        assertEquals(4.0, MaskPenalty.value(m, 1e-3), 1e-6);
    }

    @Test
    void farFromZeroItStaysFinite() {
        double[] m = {5.0, -5.0, 800.0, -800.0};
        double p = MaskPenalty.value(m, 1e-3);
        assertTrue(Double.isFinite(p), "P overflowed: " + p);
        assertEquals(2.0, p, 1e-12);
        double[] g = MaskPenalty.gradient(m, 1e-3);
        assertNotNull(g, "gradient returned null");
        for (double x : g) {
            assertTrue(Double.isFinite(x) && x >= 0, "a gradient entry is " + x);
        }
    }

    @Test
    void theGradientIsTheFiniteDifferenceOfTheValue() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 30; trial++) {
            int n = 1 + rng.nextInt(8);
            double t = rng.nextDouble(0.2, 3);
            double[] m = logits(rng, n, 3);
            double[] g = MaskPenalty.gradient(m, t);
            assertNotNull(g, "gradient returned null");
            assertEquals(n, g.length, "one gradient entry per logit");
            double h = 1e-6;
            for (int i = 0; i < n; i++) {
                double[] plus = m.clone();
                double[] minus = m.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (MaskPenalty.value(plus, t) - MaskPenalty.value(minus, t)) / (2 * h);
                assertEquals(numeric, g[i], 1e-6 * Math.max(1, Math.abs(numeric)),
                        "entry " + i + " of the gradient at T = " + t + " (trial " + trial + ")");
            }
        }
    }

    @Test
    void theGradientIsPositiveAndEvenInTheLogits() {
        SplittableRandom rng = new SplittableRandom(4);
        double[] m = logits(rng, 10, 3);
        double[] g = MaskPenalty.gradient(m, 0.7);
        assertArrayEquals(g, MaskPenalty.gradient(negated(m), 0.7), 1e-15, "σ' is even: the gradient at -m is the same");
        for (double x : g) {
            assertTrue(x > 0, "a gradient entry is " + x);
        }
    }

    @Test
    void eachEntryDependsOnItsOwnLogitOnly() {
        SplittableRandom rng = new SplittableRandom(5);
        double[] m = logits(rng, 6, 3);
        double[] g = MaskPenalty.gradient(m, 0.9);
        double[] changed = m.clone();
        changed[2] += 1.5;
        double[] h = MaskPenalty.gradient(changed, 0.9);
        for (int i = 0; i < 6; i++) {
            if (i != 2) {
                assertEquals(g[i], h[i], 0.0, "changing logit 2 changed gradient entry " + i);
            }
        }
        assertTrue(g[2] != h[2], "changing logit 2 must change its own entry");
        assertEquals(MaskPenalty.value(new double[] {m[0]}, 0.9) * (1 - MaskPenalty.value(new double[] {m[0]}, 0.9)) / 0.9,
                g[0], 1e-12, "entry 0 must be σ(1 − σ)/T with σ = P of that logit alone");
    }
}
