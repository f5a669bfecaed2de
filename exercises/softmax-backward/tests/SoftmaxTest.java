import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the softmax exercise. They check properties of the student's own code — a
 * distribution per row, invariance to a shift, stability, the backward against finite
 * differences of the student's forward — and hold no softmax of their own.
 */
class SoftmaxTest {

    @Test
    void everyRowIsAProbabilityDistribution() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            double[][] x = random(rng, 1 + rng.nextInt(4), 1 + rng.nextInt(7), 4);
            double[][] p = new Softmax().forward(x);
            assertNotNull(p, "forward returned null");
            assertEquals(x.length, p.length, "forward must return one row per input row");
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i].length, p[i].length, "row " + i + " has the wrong length");
                double sum = 0;
                for (double v : p[i]) {
                    assertTrue(v > 0 && v <= 1, "a softmax entry must lie in (0, 1], got " + v);
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-12, "row " + i + " must sum to 1");
            }
        }
    }

    @Test
    void largerScoresGetLargerWeights() {
        double[][] p = new Softmax().forward(new double[][] {{0.5, -1, 2, 0.5}});
        assertTrue(p[0][2] > p[0][0] && p[0][0] > p[0][1], "the weights must follow the order of the scores");
        assertEquals(p[0][0], p[0][3], 0.0, "equal scores must get equal weights");
    }

    @Test
    void addingAConstantToARowChangesNothing() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] x = random(rng, 3, 5, 3);
        double[][] shifted = copy(x);
        for (int j = 0; j < shifted[1].length; j++) {
            shifted[1][j] += 7.25;
        }
        double[][] p = new Softmax().forward(x);
        double[][] q = new Softmax().forward(shifted);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(p[i], q[i], 1e-12, "shifting row 1 by a constant changed row " + i);
        }
    }

    @Test
    void largeScoresStayFinite() {
        double[][] p = new Softmax().forward(new double[][] {{1000, 999, -1000}, {-1000, -1001, -1002}});
        for (double[] row : p) {
            double sum = 0;
            for (double v : row) {
                assertTrue(Double.isFinite(v), "a score of ±1000 gave " + v + ": subtract the row's maximum first");
                sum += v;
            }
            assertEquals(1.0, sum, 1e-12);
        }
        assertTrue(p[0][0] > p[0][1] && p[0][2] < 1e-300, "the order of large scores must survive");
    }

    @Test
    void backwardMatchesCentralFiniteDifferencesOfYourForward() {
        SplittableRandom rng = new SplittableRandom(23);
        double h = 1e-6;
        Softmax softmax = new Softmax();
        for (int trial = 0; trial < 10; trial++) {
            int rows = 1 + rng.nextInt(3);
            int cols = 1 + rng.nextInt(6);
            double[][] x = random(rng, rows, cols, 2);
            double[][] dp = random(rng, rows, cols, 2);
            double[][] dx = softmax.backward(x, dp);
            assertNotNull(dx, "backward returned null");
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double[][] plus = copy(x);
                    double[][] minus = copy(x);
                    plus[i][j] += h;
                    minus[i][j] -= h;
                    double numeric = (loss(softmax.forward(plus), dp) - loss(softmax.forward(minus), dp)) / (2 * h);
                    double error = Math.abs(dx[i][j] - numeric) / Math.max(1, Math.abs(numeric));
                    assertTrue(error <= 1e-6, "trial " + trial + ": dx[" + i + "][" + j + "] = " + dx[i][j]
                            + " but finite differences of your forward give " + numeric);
                }
            }
        }
    }

    @Test
    void theGradientOfEveryRowSumsToZero() {
        // Softmax ignores a shift of its row, so no gradient flows along (1, 1, …, 1).
        SplittableRandom rng = new SplittableRandom(41);
        double[][] x = random(rng, 4, 6, 3);
        double[][] dx = new Softmax().backward(x, random(rng, 4, 6, 3));
        for (int i = 0; i < dx.length; i++) {
            double sum = 0;
            for (double v : dx[i]) {
                sum += v;
            }
            assertEquals(0.0, sum, 1e-12, "row " + i + " of dx must sum to 0");
        }
    }

    @Test
    void forwardAndBackwardLeaveTheirInputsUnchanged() {
        SplittableRandom rng = new SplittableRandom(31);
        double[][] x = random(rng, 2, 3, 2);
        double[][] dp = random(rng, 2, 3, 2);
        double[][] x0 = copy(x);
        double[][] dp0 = copy(dp);
        new Softmax().forward(x);
        new Softmax().backward(x, dp);
        for (int i = 0; i < x.length; i++) {
            assertArrayEquals(x0[i], x[i], 0.0, "x was changed");
            assertArrayEquals(dp0[i], dp[i], 0.0, "dp was changed");
        }
    }

    private static double loss(double[][] p, double[][] dp) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < p[i].length; j++) {
                sum += p[i][j] * dp[i][j];
            }
        }
        return sum;
    }

    private static double[][] random(SplittableRandom rng, int rows, int cols, double scale) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = rng.nextDouble(-scale, scale);
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
