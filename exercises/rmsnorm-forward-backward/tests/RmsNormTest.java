import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the RMSNorm exercise. Expected values are computed here from the
 * definition on random inputs, not stored, so reading this class does not give the answer.
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
            assertArrayEquals(definition(x[i], EPS), y[i], 1e-12, "row " + i);
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
                assertArrayEquals(definition(x[i], eps), y[i], 1e-12, "trial " + trial + ", row " + i + ", eps " + eps);
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

    private static double[] definition(double[] row, double eps) {
        double sumSq = 0;
        for (double v : row) {
            sumSq += v * v;
        }
        double r = Math.sqrt(sumSq / row.length + eps);
        double[] y = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            y[j] = row[j] / r;
        }
        return y;
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
