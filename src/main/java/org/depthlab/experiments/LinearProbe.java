package org.depthlab.experiments;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A linear probe (Alain and Bengio, "Understanding intermediate layers using linear classifier
 * probes", 2016): ridge regression from a model's latent state at one position to a number —
 * here the coordinate of a quadratic program's minimiser, or of gradient descent's iterate
 * after j steps, at that position. Fitted on one set of programs and scored by R² on another:
 * if the state after loop k predicts gradient descent's k-th iterate well, and better than its
 * later ones, the loop carries an iterate the way gradient descent does.
 * <pre>
 *   w = (ZcᵀZc + λI)⁻¹ Zcᵀ yc,   bias = ȳ − z̄·w      (Zc, yc centred)
 *   R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²                     on held-out rows
 * </pre>
 */
final class LinearProbe {

    private final double[] w;
    private final double bias;

    private LinearProbe(double[] w, double bias) {
        this.w = w;
        this.bias = bias;
    }

    /** The ridge fit of y from the rows of z (N × h), with penalty λ. */
    static LinearProbe fit(DMatrixRMaj z, double[] y, double lambda) {
        int n = z.numRows;
        int h = z.numCols;
        double[] mean = new double[h];
        double yMean = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < h; c++) {
                mean[c] += z.get(r, c) / n;
            }
            yMean += y[r] / n;
        }
        DMatrixRMaj zc = new DMatrixRMaj(n, h);
        DMatrixRMaj yc = new DMatrixRMaj(n, 1);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < h; c++) {
                zc.set(r, c, z.get(r, c) - mean[c]);
            }
            yc.data[r] = y[r] - yMean;
        }
        DMatrixRMaj gram = new DMatrixRMaj(h, h);
        CommonOps_DDRM.multTransA(zc, zc, gram);
        for (int c = 0; c < h; c++) {
            gram.add(c, c, lambda * n);
        }
        DMatrixRMaj rhs = new DMatrixRMaj(h, 1);
        CommonOps_DDRM.multTransA(zc, yc, rhs);
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(h);
        if (!chol.setA(gram)) {
            throw new IllegalStateException("the probe's normal equations are singular");
        }
        DMatrixRMaj w = new DMatrixRMaj(h, 1);
        chol.solve(rhs, w);
        double b = yMean;
        for (int c = 0; c < h; c++) {
            b -= mean[c] * w.data[c];
        }
        return new LinearProbe(w.data.clone(), b);
    }

    /** The probe's prediction for row r of z. */
    double predict(DMatrixRMaj z, int r) {
        double s = bias;
        for (int c = 0; c < w.length; c++) {
            s += z.get(r, c) * w[c];
        }
        return s;
    }

    /** R² of the probe on the rows of z against y. */
    double r2(DMatrixRMaj z, double[] y) {
        double mean = 0;
        for (double v : y) {
            mean += v / y.length;
        }
        double residual = 0;
        double total = 0;
        for (int r = 0; r < y.length; r++) {
            double e = y[r] - predict(z, r);
            residual += e * e;
            total += (y[r] - mean) * (y[r] - mean);
        }
        return 1 - residual / total;
    }
}
