package org.depthlab.tasks;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;

/**
 * Random quadratic programs ({@link QuadraticProgram}) with a controlled size and condition
 * number — the distributions chapter 11 trains on and tests out of:
 * <pre>
 *   n       uniform in minSize..maxSize
 *   κ       log-uniform in [minCondition, maxCondition]
 *   A       = Q diag(λ) Qᵀ, Q a uniformly random rotation, λ₁ = 1/κ, λₙ = 1 and the others
 *             log-uniform between: the largest eigenvalue is 1, so gradient descent's step is 1
 *   b       = A x₀, x₀ ~ N(0, σ² I): σ = 1, or 1.5 with the box [−1, 1]ⁿ (so that about
 *             half the coordinates of the unconstrained minimiser fall outside it)
 * </pre>
 * Every entry is a function of the seed. Q is the orthogonal factor of a Gaussian matrix with
 * the signs of R's diagonal taken out, which makes it uniform over rotations (Mezzadri, "How
 * to generate random matrices from the classical compact groups", Notices of the AMS 54,
 * 2007).
 *
 * @param minSize      the fewest variables
 * @param maxSize      the most variables
 * @param minCondition the smallest condition number
 * @param maxCondition the largest condition number
 * @param box          whether the programs are box-constrained
 */
public record QpTask(int minSize, int maxSize, double minCondition, double maxCondition, boolean box) {

    public QpTask {
        if (minSize < 1 || maxSize < minSize || maxSize > QuadraticProgram.MAX_SIZE) {
            throw new BadInputException("quadratic programs need 1 ≤ size ≤ " + QuadraticProgram.MAX_SIZE
                    + " variables, not " + minSize + ".." + maxSize + ".");
        }
        if (!(minCondition >= 1) || !(maxCondition >= minCondition)) {
            throw new BadInputException("the condition numbers must satisfy 1 ≤ " + minCondition + " ≤ " + maxCondition
                    + ".");
        }
    }

    /** The next program from {@code rng}. */
    public QuadraticProgram generate(SplittableRandom rng) {
        int n = minSize + rng.nextInt(maxSize - minSize + 1);
        double kappa = minCondition == maxCondition ? minCondition
                : Math.exp(rng.nextDouble(Math.log(minCondition), Math.log(maxCondition)));
        double[] lambda = new double[n];
        lambda[0] = 1 / kappa;
        lambda[n - 1] = 1;
        for (int i = 1; i < n - 1; i++) {
            lambda[i] = Math.exp(rng.nextDouble(Math.log(1 / kappa), 0));
        }
        double[][] q = rotation(n, rng);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = 0;
                for (int k = 0; k < n; k++) {
                    v += q[i][k] * lambda[k] * q[j][k];
                }
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        double sigma = box ? 1.5 : 1.0;
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = sigma * rng.nextGaussian();
        }
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i] += a[i * n + j] * x0[j];
            }
        }
        return new QuadraticProgram(n, a, b, box);
    }

    /** A uniformly random n × n rotation: Gram–Schmidt on Gaussian columns (the Q of a QR with R's diagonal positive). */
    static double[][] rotation(int n, SplittableRandom rng) {
        double[][] q = new double[n][n]; // q[row][column]
        for (int c = 0; c < n; c++) {
            double[] v = new double[n];
            for (int r = 0; r < n; r++) {
                v[r] = rng.nextGaussian();
            }
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int r = 0; r < n; r++) {
                    dot += v[r] * q[r][p];
                }
                for (int r = 0; r < n; r++) {
                    v[r] -= dot * q[r][p];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < n; r++) {
                q[r][c] = v[r] / norm;
            }
        }
        return q;
    }
}
