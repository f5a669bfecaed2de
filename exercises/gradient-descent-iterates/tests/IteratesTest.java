import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the iterates exercise: properties of the student's gradient descent and
 * conjugate gradient on matrices with known eigenvalues (A = Q diag(λ) Qᵀ). No solver of its
 * own is held here: the minimiser is Q diag(1/λ) Qᵀ b, read off the construction.
 */
class IteratesTest {

    /** A random rotation (Gram–Schmidt on Gaussian columns): q[row][column]. */
    private static double[][] rotation(int n, SplittableRandom rng) {
        double[][] q = new double[n][n];
        for (int c = 0; c < n; c++) {
            double[] v = new double[n];
            for (int r = 0; r < n; r++) {
                v[r] = rng.nextGaussian();
            }
            for (int p = 0; p < c; p++) {
                double d = 0;
                for (int r = 0; r < n; r++) {
                    d += v[r] * q[r][p];
                }
                for (int r = 0; r < n; r++) {
                    v[r] -= d * q[r][p];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            for (int r = 0; r < n; r++) {
                q[r][c] = v[r] / Math.sqrt(norm);
            }
        }
        return q;
    }

    /** Q diag(d) Qᵀ. */
    private static double[][] build(double[][] q, double[] d) {
        int n = d.length;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i][j] += q[i][k] * d[k] * q[j][k];
                }
            }
        }
        return a;
    }

    private static double[] times(double[][] a, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += a[i][j] * v[j];
            }
        }
        return out;
    }

    private static double f(double[][] a, double[] b, double[] x) {
        double[] ax = times(a, x);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += 0.5 * x[i] * ax[i] - b[i] * x[i];
        }
        return s;
    }

    private static double distance(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += (u[i] - v[i]) * (u[i] - v[i]);
        }
        return Math.sqrt(s);
    }

    private record Problem(double[][] a, double[] b, double[] solution, double min, double max, double[][] q) {
    }

    private static Problem problem(SplittableRandom rng) {
        int n = 2 + rng.nextInt(5);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = 0.1 + rng.nextDouble() * 2;
        }
        double[][] q = rotation(n, rng);
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian();
        }
        double[] inv = new double[n];
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < n; i++) {
            inv[i] = 1 / lambda[i];
            min = Math.min(min, lambda[i]);
            max = Math.max(max, lambda[i]);
        }
        return new Problem(build(q, lambda), b, times(build(q, inv), b), min, max, q);
    }

    @Test
    void theFirstIterateIsZeroAndThereAreKPlusOne() {
        Problem p = problem(new SplittableRandom(1));
        double[][] gd = Iterates.gradientDescent(p.a(), p.b(), 1 / p.max(), 5);
        double[][] cg = Iterates.conjugateGradient(p.a(), p.b(), 5);
        assertNotNull(gd, "gradientDescent returned null");
        assertNotNull(cg, "conjugateGradient returned null");
        assertEquals(6, gd.length, "k steps give k + 1 iterates");
        assertEquals(6, cg.length, "k steps give k + 1 iterates");
        assertEquals(0, distance(gd[0], new double[p.b().length]), 0.0, "x0 = 0");
        assertEquals(0, distance(cg[0], new double[p.b().length]), 0.0, "x0 = 0");
    }

    @Test
    void gradientDescentDescendsAndShrinksTheErrorByOneMinusOneOverKappa() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int trial = 0; trial < 100; trial++) {
            Problem p = problem(rng);
            double[][] xs = Iterates.gradientDescent(p.a(), p.b(), 1 / p.max(), 30);
            double rate = 1 - p.min() / p.max();
            for (int t = 1; t <= 30; t++) {
                assertTrue(f(p.a(), p.b(), xs[t]) <= f(p.a(), p.b(), xs[t - 1]) + 1e-12,
                        "trial " + trial + ": f went up at step " + t);
                double before = distance(xs[t - 1], p.solution());
                double after = distance(xs[t], p.solution());
                assertTrue(after <= rate * before + 1e-10, "trial " + trial + ": step " + t + " shrank the error by "
                        + after / before + ", more than 1 - 1/kappa = " + rate);
            }
        }
    }

    @Test
    void conjugateGradientSolvesTheSystemInNSteps() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 100; trial++) {
            Problem p = problem(rng);
            int n = p.b().length;
            double[][] xs = Iterates.conjugateGradient(p.a(), p.b(), n + 2);
            double[] ax = times(p.a(), xs[n]);
            for (int i = 0; i < n; i++) {
                assertEquals(p.b()[i], ax[i], 1e-8, "trial " + trial + ": A x_n must equal b");
            }
            assertEquals(0, distance(xs[n + 2], xs[n]), 1e-8, "trial " + trial + ": after n steps the iterate stays");
        }
    }

    @Test
    void bothCommuteWithRotations() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 30; trial++) {
            Problem p = problem(rng);
            int n = p.b().length;
            double[][] r = rotation(n, rng);
            // A' = R A Rᵀ, b' = R b: the iterates on (A', b') are R times those on (A, b).
            double[][] ra = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    for (int k = 0; k < n; k++) {
                        for (int l = 0; l < n; l++) {
                            ra[i][j] += r[i][k] * p.a()[k][l] * r[j][l];
                        }
                    }
                }
            }
            double[] rb = times(r, p.b());
            double[][] gd = Iterates.gradientDescent(p.a(), p.b(), 0.5, 6);
            double[][] gdRotated = Iterates.gradientDescent(ra, rb, 0.5, 6);
            double[][] cg = Iterates.conjugateGradient(p.a(), p.b(), 3);
            double[][] cgRotated = Iterates.conjugateGradient(ra, rb, 3);
            for (int t = 0; t <= 6; t++) {
                assertEquals(0, distance(times(r, gd[t]), gdRotated[t]), 1e-9, "gradient descent, step " + t);
            }
            for (int t = 0; t <= 3; t++) {
                assertEquals(0, distance(times(r, cg[t]), cgRotated[t]), 1e-7, "conjugate gradient, step " + t);
            }
        }
    }
}
