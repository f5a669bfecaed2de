import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the RMSNorm exercise. They hold no reference computation: every check is a
 * property of the submission's own outputs, so neither reading this class nor calling its
 * methods gives the answer.
 *
 * <ul>
 *   <li>forward: each row y is a positive multiple c·x of its input row, and the multiple is
 *       the one RMSNorm takes, which on y alone reads mean(y²) + ε·c² = 1 (because
 *       c = 1/√(mean(x²) + ε));</li>
 *   <li>backward: it matches central finite differences of the submission's own forward, and
 *       satisfies to rounding the exact identity x·dx = ε·c²·(y·dy) — the gradient along x
 *       itself (scaling x by 1 + t moves y by t·ε·c²·y), which a numerical derivative meets only
 *       to about 1e-10.</li>
 * </ul>
 */
class RmsNormTest {

    private static final double EPS = 1e-5;

    @Test
    void forwardDividesEachRowByItsRootMeanSquare() {
        double[][] x = {{3, 4}, {1, -1}, {0.5, 2, -2}};
        double[][] y = new RmsNorm(EPS).forward(x);
        assertNotNull(y, "forward returned null");
        assertEquals(x.length, y.length, "forward must return one row per input row");
        for (int i = 0; i < x.length; i++) {
            assertNormalised(x[i], y[i], EPS, "row " + i);
        }
    }

    @Test
    void forwardMatchesTheDefinitionOnRandomMatrices() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            double eps = Math.pow(10, -rng.nextInt(1, 7));
            double[][] x = random(rng, 1 + rng.nextInt(5), 1 + rng.nextInt(8));
            double[][] y = new RmsNorm(eps).forward(x);
            for (int i = 0; i < x.length; i++) {
                assertNormalised(x[i], y[i], eps, "trial " + trial + ", row " + i + ", eps " + eps);
            }
        }
    }

    @Test
    void forwardLeavesItsInputUnchanged() {
        double[][] x = random(new SplittableRandom(5), 3, 4);
        double[][] copy = copy(x);
        new RmsNorm(EPS).forward(x);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(copy[i], x[i], 0.0, "forward changed row " + i + " of its input");
        }
    }

    @Test
    void rowsAreNormalisedIndependently() {
        double[][] x = random(new SplittableRandom(7), 3, 5);
        double[][] before = new RmsNorm(EPS).forward(x);
        double[][] changed = copy(x);
        for (int j = 0; j < changed[2].length; j++) {
            changed[2][j] *= 100;
        }
        double[][] after = new RmsNorm(EPS).forward(changed);
        assertArrayEquals(before[0], after[0], 0.0, "scaling row 2 changed row 0");
        assertArrayEquals(before[1], after[1], 0.0, "scaling row 2 changed row 1");
    }

    @Test
    void backwardMatchesCentralFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(23);
        double h = 1e-6;
        for (int trial = 0; trial < 10; trial++) {
            int rows = 1 + rng.nextInt(4);
            int cols = 1 + rng.nextInt(6);
            double[][] x = random(rng, rows, cols);
            double[][] dy = random(rng, rows, cols);
            RmsNorm norm = new RmsNorm(EPS);
            double[][] dx = norm.backward(x, dy);
            assertNotNull(dx, "backward returned null");
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double[][] plus = copy(x);
                    double[][] minus = copy(x);
                    plus[i][j] += h;
                    minus[i][j] -= h;
                    double numeric = (loss(norm.forward(plus), dy) - loss(norm.forward(minus), dy)) / (2 * h);
                    double error = Math.abs(dx[i][j] - numeric) / Math.max(1, Math.abs(numeric));
                    assertTrue(error <= 1e-6, "trial " + trial + ": dx[" + i + "][" + j + "] = " + dx[i][j]
                            + " but finite differences give " + numeric);
                }
            }
        }
    }

    @Test
    void backwardIsExactAlongTheInputItself() {
        SplittableRandom rng = new SplittableRandom(41);
        for (int trial = 0; trial < 20; trial++) {
            double eps = Math.pow(10, -rng.nextInt(1, 7));
            double[][] x = random(rng, 1 + rng.nextInt(4), 1 + rng.nextInt(8));
            double[][] dy = random(rng, x.length, x[0].length);
            RmsNorm norm = new RmsNorm(eps);
            double[][] y = norm.forward(x);
            double[][] dx = norm.backward(x, dy);
            assertNotNull(dx, "backward returned null");
            for (int i = 0; i < x.length; i++) {
                double c = multiple(x[i], y[i]);
                double along = 0;
                double yDy = 0;
                double xSum = 0;
                double dyMax = 0;
                double yMax = 0;
                for (int j = 0; j < x[i].length; j++) {
                    along += x[i][j] * dx[i][j];
                    yDy += y[i][j] * dy[i][j];
                    xSum += Math.abs(x[i][j]);
                    dyMax = Math.max(dyMax, Math.abs(dy[i][j]));
                    yMax = Math.max(yMax, Math.abs(y[i][j]));
                }
                // The size of the terms that x·dx sums (a bound on |x|·|dx|), against which
                // rounding is measured: exact code stays below 1e-15 of it.
                double scale = c * xSum * dyMax * (1 + yMax);
                double expected = eps * c * c * yDy;
                assertTrue(Math.abs(along - expected) <= 1e-12 * scale, "trial " + trial + ", row " + i + ", eps " + eps
                        + ": x·dx = " + along + ", but the exact gradient of RMSNorm gives " + expected
                        + " (a numerical derivative is not that exact)");
            }
        }
    }

    @Test
    void backwardLeavesItsInputsUnchanged() {
        SplittableRandom rng = new SplittableRandom(31);
        double[][] x = random(rng, 2, 3);
        double[][] dy = random(rng, 2, 3);
        double[][] x0 = copy(x);
        double[][] dy0 = copy(dy);
        new RmsNorm(EPS).backward(x, dy);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(x0[i], x[i], 0.0, "backward changed x");
            assertArrayEquals(dy0[i], dy[i], 0.0, "backward changed dy");
        }
    }

    /**
     * Checks that {@code y} is what RMSNorm makes of {@code x}, from y itself: a positive
     * multiple c·x of the row, with mean(y²) + ε·c² = 1.
     */
    private static void assertNormalised(double[] x, double[] y, double eps, String where) {
        assertNotNull(y, where + ": the row is null");
        assertEquals(x.length, y.length, where + ": the row has " + y.length + " entries, not " + x.length);
        double c = multiple(x, y);
        assertTrue(c > 0, where + ": y is not a positive multiple of x");
        double meanSquare = 0;
        for (int j = 0; j < x.length; j++) {
            assertTrue(Math.abs(y[j] - c * x[j]) <= 1e-12 * Math.max(1, Math.abs(y[j])),
                    where + ": y is not a multiple of x (entry " + j + ")");
            meanSquare += y[j] * y[j] / x.length;
        }
        assertTrue(Math.abs(meanSquare + eps * c * c - 1) <= 1e-12,
                where + ": y is a multiple of x, but not the one that divides by the root mean square");
    }

    /** The factor c of y = c·x, read at the largest entry of x. */
    private static double multiple(double[] x, double[] y) {
        int k = 0;
        for (int j = 1; j < x.length; j++) {
            if (Math.abs(x[j]) > Math.abs(x[k])) {
                k = j;
            }
        }
        return y[k] / x[k];
    }

    private static double loss(double[][] y, double[][] dy) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[i].length; j++) {
                sum += y[i][j] * dy[i][j];
            }
        }
        return sum;
    }

    private static double[][] random(SplittableRandom rng, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = rng.nextDouble(-2, 2);
            }
        }
        return m;
    }

    private static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
