package org.depthlab.tensor;


import org.ejml.data.DMatrixRMaj;

/**
 * Row softmax with an additive mask: P_ij = exp(X_ij + M_ij) / Σ_k exp(X_ik + M_ik).
 *
 * <p>M holds 0 where a position may be attended and −∞ where it may not, so masked entries get
 * probability exactly 0. The maximum of each row is subtracted first (softmax does not change
 * when a row is shifted), so exp never overflows. A row masked entirely is all zeros rather
 * than 0/0.
 *
 * <p>Backward: with P the output, ∂L/∂X_ij = P_ij · (∂L/∂P_ij − Σ_k ∂L/∂P_ik · P_ik); the mask
 * is a constant and gets no gradient. FLOPs: 4 per entry (add mask, subtract max, exp, divide).
 *
 * <p>{@link #reference} is the forward as the equation reads, row by row; {@link #forward}, the
 * kernel the ops use, computes each exponential once and multiplies by 1/Σ instead of
 * dividing, which changes the last bit at most (they are tested equal to 1e-15 relative).
 */
final class Softmax {

    private Softmax() {
    }

    static Tensor softmax(Tape tape, Tensor x, DMatrixRMaj mask) {
        if (mask != null) {
            Shapes.require(mask.numRows == x.rows() && mask.numCols == x.cols(), "softmax",
                    "mask is " + mask.numRows + "x" + mask.numCols + ", input " + Shapes.shape(x));
        }
        int m = x.rows();
        int n = x.cols();
        DMatrixRMaj p = new DMatrixRMaj(m, n);
        double[] additive = mask == null ? null : mask.data;
        if (tape.isReference()) {
            reference(x.value().data, additive, m, n, p.data);
        } else {
            forward(x.value().data, 0, additive, 0, m, n, p.data, 0);
        }
        return tape.record(Cost.of("softmax", 4L * m * n, p), p, dp -> {
            if (x.requiresGrad()) {
                backward(p.data, 0, dp.data, 0, m, n, x.gradBuffer().data, 0);
            }
        }, x);
    }

    // region softmax-reference

    /**
     * P = softmax_rows(X + M) for an m × n matrix (M may be null: no mask), row by row as the
     * equation reads. Subtracting the row's maximum first changes no P_ij (the factor e^(−max)
     * cancels) and keeps exp from overflowing.
     */
    static void reference(double[] x, double[] mask, int m, int n, double[] p) {
        for (int i = 0; i < m; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                max = Math.max(max, x[i * n + j] + (mask == null ? 0 : mask[i * n + j]));
            }
            if (max == Double.NEGATIVE_INFINITY) {
                continue;                                   // every entry masked: P stays 0
            }
            double total = 0;
            for (int j = 0; j < n; j++) {
                total += Math.exp(x[i * n + j] + (mask == null ? 0 : mask[i * n + j]) - max);
            }
            for (int j = 0; j < n; j++) {
                p[i * n + j] = Math.exp(x[i * n + j] + (mask == null ? 0 : mask[i * n + j]) - max) / total;
            }
        }
    }

    // endregion

    /**
     * The kernel: rows × cols block starting at {@code off} of {@code in} (+ {@code mask} from
     * {@code maskOff}, may be null) into {@code out} from {@code outOff}. Shared with
     * {@link Attention}, which applies it to each (sequence, head) score block.
     */
    static void forward(double[] in, int off, double[] mask, int maskOff, int rows, int cols,
                        double[] out, int outOff) {
        for (int i = 0; i < rows; i++) {
            int r = off + i * cols;
            int o = outOff + i * cols;
            int q = maskOff + i * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                double v = in[r + j] + (mask == null ? 0 : mask[q + j]);
                out[o + j] = v;
                max = Math.max(max, v);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                java.util.Arrays.fill(out, o, o + cols, 0.0);
                continue;
            }
            double total = 0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(out[o + j] - max);
                out[o + j] = e;
                total += e;
            }
            double inv = 1.0 / total;
            for (int j = 0; j < cols; j++) {
                out[o + j] *= inv;
            }
        }
    }

    /** Backward kernel: dx += P ⊙ (dP − rowsum(dP ⊙ P)), on the same block layout. */
    static void backward(double[] p, int pOff, double[] dp, int dpOff, int rows, int cols,
                         double[] dx, int dxOff) {
        for (int i = 0; i < rows; i++) {
            int a = pOff + i * cols;
            int b = dpOff + i * cols;
            int c = dxOff + i * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += dp[b + j] * p[a + j];
            }
            for (int j = 0; j < cols; j++) {
                dx[c + j] += p[a + j] * (dp[b + j] - dot);
            }
        }
    }
}
