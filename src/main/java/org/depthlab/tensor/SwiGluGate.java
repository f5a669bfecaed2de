package org.depthlab.tensor;


import org.ejml.data.DMatrixRMaj;

/**
 * The gate of SwiGLU (Shazeer 2020, "GLU Variants Improve Transformer", arXiv 2002.05202),
 * read straight from the one product that yields gate and up side by side:
 * <pre>
 *   [G | U] = X            (G the first {@code inner} columns, U the next {@code inner})
 *   Y = SiLU(G) ⊙ U,       SiLU(g) = g·σ(g)
 * </pre>
 * Backward, with s = σ(g):
 * <pre>
 *   ∂L/∂U = ∂L/∂Y ⊙ SiLU(G)
 *   ∂L/∂G = (∂L/∂Y ⊙ U) ⊙ s·(1 + g·(1 − s))
 * </pre>
 * It is {@code mul(silu(slice(X, 0, i)), slice(X, i, 2i))} in one op, and gives the same bits:
 * every entry is computed by the same expressions in the same order. What it saves is memory
 * traffic: the two column slices and the SiLU output are never formed, nor their gradients,
 * and the backward reads σ(g) kept from the forward instead of computing e^(−|g|) again.
 *
 * <p>{@code swiglu-reference} below is the equations entry by entry, one thread; the fast
 * version shares rows over the backend's threads and keeps σ(G) only when a backward will read
 * it. Both compute every entry with the same expressions, so they give the same bits.
 *
 * <p>For the {@link Meter} it counts as the four ops it replaces: 5 + 1 FLOPs per entry of Y
 * (SiLU's and the product's), 3 steps of op depth (slice, SiLU, product), and 3 matrices of Y's size kept for
 * backward (X, which holds G and U, and σ(G)) — what {@code silu} and {@code mul} kept.
 */
final class SwiGluGate {

    /** Op depth of the chain this op stands for: a slice, then silu, then mul (the slices run side by side). */
    static final int DEPTH = 3;

    private SwiGluGate() {
    }

    static Tensor swiGluGate(Tape tape, Tensor x, int inner) {
        Shapes.require(inner > 0 && x.cols() == 2 * inner, "swiGluGate",
                "input has " + x.cols() + " columns, expected gate and up of " + inner + " each");
        int m = x.rows();
        int w = 2 * inner;
        double[] v = x.value().data;
        DMatrixRMaj y = new DMatrixRMaj(m, inner);
        if (tape.isReference()) {
            DMatrixRMaj s = new DMatrixRMaj(m, inner);
            reference(v, m, inner, y.data, s.data);
            return tape.record(Cost.deep("swiglu", DEPTH, 6L * m * inner, x.value(), s), y, dy -> {
                if (x.requiresGrad()) {
                    referenceBackward(v, s.data, dy.data, m, inner, x.gradBuffer().data);
                }
            }, x);
        }
        // σ(G) is kept only when a backward will read it.
        DMatrixRMaj s = new DMatrixRMaj(tape.willRecord(x) ? m : 0, inner);
        boolean keep = s.numRows == m;
        // Rows are independent: shared over the backend's threads (see Parallel).
        Parallel.forRange(tape.backend(), m, inner, (from, to) -> rows(v, from, to, inner, y.data, keep ? s.data : null));
        return tape.record(Cost.deep("swiglu", DEPTH, 6L * m * inner, x.value(), s), y, dy -> {
            if (!x.requiresGrad()) {
                return;
            }
            // The gradient buffer is made on first use: make it before rows run on several threads.
            double[] dx = x.gradBuffer().data;
            Parallel.forRange(tape.backend(), m, inner, (from, to) -> {
                for (int r = from; r < to; r++) {
                    for (int j = 0; j < inner; j++) {
                        double g = v[r * w + j];
                        double u = v[r * w + inner + j];
                        double sg = s.data[r * inner + j];
                        double d = dy.data[r * inner + j];
                        dx[r * w + j] += d * u * sg * (1 + g * (1 - sg));
                        dx[r * w + inner + j] += d * (g * sg);
                    }
                }
            });
        }, x);
    }

    /**
     * The fast forward for rows [from, to) of X = [G | U]: y = g·σ(g)·u, and s = σ(g) unless
     * {@code s} is null.
     */
    static void rows(double[] x, int from, int to, int inner, double[] y, double[] s) {
        int w = 2 * inner;
        for (int r = from; r < to; r++) {
            for (int j = 0; j < inner; j++) {
                double g = x[r * w + j];
                double sg = Pointwise.sigmoid(g);
                if (s != null) {
                    s[r * inner + j] = sg;
                }
                y[r * inner + j] = g * sg * x[r * w + inner + j];
            }
        }
    }

    // region swiglu-reference

    /**
     * Y = SiLU(G) ⊙ U for the m rows of X = [G | U] (each 2·inner wide), keeping s = σ(G):
     * y_rj = g·σ(g)·u with g = x_rj, u = x_r,inner+j.
     */
    static void reference(double[] x, int m, int inner, double[] y, double[] s) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < inner; j++) {
                double g = x[r * 2 * inner + j];
                double u = x[r * 2 * inner + inner + j];
                s[r * inner + j] = Pointwise.sigmoid(g);
                y[r * inner + j] = g * s[r * inner + j] * u;
            }
        }
    }

    /**
     * ∂L/∂G += ∂L/∂Y ⊙ U ⊙ σ(G)·(1 + G·(1 − σ(G))) and ∂L/∂U += ∂L/∂Y ⊙ SiLU(G), into the
     * gradient dx of X = [G | U].
     */
    static void referenceBackward(double[] x, double[] s, double[] dy, int m, int inner, double[] dx) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < inner; j++) {
                double g = x[r * 2 * inner + j];
                double u = x[r * 2 * inner + inner + j];
                double sg = s[r * inner + j];
                double d = dy[r * inner + j];
                dx[r * 2 * inner + j] += d * u * sg * (1 + g * (1 - sg));
                dx[r * 2 * inner + inner + j] += d * (g * sg);
            }
        }
    }

    // endregion
}
