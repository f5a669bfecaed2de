package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * RMSNorm without a learnable scale, per row: y = x / r, r = √(mean(x²) + ε).
 *
 * <p>This is the norm of HRM's post-norm blocks (Zhang and Sennrich 2019, "Root Mean Square
 * Layer Normalization"; HRM drops the scale). ε = 1e-5 there.
 *
 * <p>Backward, with n the row width: ∂L/∂x = (∂L/∂y − y · mean(∂L/∂y ⊙ y)) / r — the gradient
 * loses its component along y, because scaling x does not change y.
 * FLOPs: 4 per entry (square, sum, divide; one more for the row constant).
 *
 * <p>Two versions compute it. The reference ({@code rmsnorm-reference} below) is the equations
 * row by row. The fast one, which every backend but {@code reference} runs, shares rows out
 * over the backend's threads and multiplies by 1/r instead of dividing by r (the last bit may
 * differ; they are tested equal to 1e-15 relative). {@link #addRmsNorm} is the residual sum and
 * the norm of a post-norm block, y = rms(x + a), in one pass.
 */
final class RmsNormOp {

    private RmsNormOp() {
    }

    static Tensor rmsNorm(Tape tape, Tensor x, double eps) {
        int m = x.rows();
        int n = x.cols();
        DMatrixRMaj y = new DMatrixRMaj(m, n);
        DMatrixRMaj r = new DMatrixRMaj(m, 1);
        if (tape.isReference()) {
            reference(x.value().data, m, n, eps, y.data, r.data);
        } else {
            double[] v = x.value().data;
            // Every row is normalised on its own, so rows are shared over the backend's threads.
            Parallel.forRange(tape.backend(), m, n, (from, to) -> normalize(v, null, from, to, n, eps, y.data, r.data));
        }
        return tape.record(Cost.of("rmsnorm", 4L * m * n, y, r), y, dy -> backward(tape, x, y, r, dy), x);
    }

    /**
     * y = rms(x + a): a residual sum and its norm in one pass over the rows, for the fast path
     * of a post-norm block. It gives the bits of {@code rmsNorm(add(x, a))} — the sum is formed
     * entry by entry as {@code add} forms it — and reports the same two ops to the meter; the
     * sum itself is never stored (the backward needs only y and r).
     */
    static Tensor addRmsNorm(Tape tape, Tensor x, Tensor a, double eps) {
        Shapes.requireSame("add", x, a);
        if (tape.isReference()) {
            return rmsNorm(tape, Arithmetic.add(tape, x, a), eps);
        }
        int m = x.rows();
        int n = x.cols();
        DMatrixRMaj y = new DMatrixRMaj(m, n);
        DMatrixRMaj r = new DMatrixRMaj(m, 1);
        double[] xv = x.value().data;
        double[] av = a.value().data;
        Parallel.forRange(tape.backend(), m, n, (from, to) -> normalize(xv, av, from, to, n, eps, y.data, r.data));
        Cost cost = new Cost.Chain()
                .add("add", 1, (long) m * n, 0)
                .add("rmsnorm", 2, 4L * m * n, Cost.bytes(y, r))
                .build();
        return tape.record(cost, y, dy -> {
            // ∂L/∂(x + a) from the norm, then the sum hands it to both terms, as the two ops would.
            DMatrixRMaj ds = new DMatrixRMaj(m, n);
            Parallel.forRange(tape.backend(), m, n, (from, to) -> normBackward(y.data, r.data, dy.data, from, to, n,
                    ds.data));
            Arithmetic.accumulate(tape.backend(), x, ds);
            Arithmetic.accumulate(tape.backend(), a, ds);
        }, x, a);
    }

    private static void backward(Tape tape, Tensor x, DMatrixRMaj y, DMatrixRMaj r, DMatrixRMaj dy) {
        if (!x.requiresGrad()) {
            return;
        }
        double[] dx = x.gradBuffer().data;
        if (tape.isReference()) {
            referenceBackward(y.data, r.data, dy.data, x.rows(), x.cols(), dx);
        } else {
            Parallel.forRange(tape.backend(), x.rows(), x.cols(), (from, to) -> normBackward(y.data, r.data, dy.data,
                    from, to, x.cols(), dx));
        }
    }

    // region rmsnorm-reference

    /** y_ij = x_ij / r_i with r_i = √(Σ_j x_ij² / n + ε), for an m × n matrix x. */
    static void reference(double[] x, int m, int n, double eps, double[] y, double[] r) {
        for (int i = 0; i < m; i++) {
            double squares = 0;
            for (int j = 0; j < n; j++) {
                squares += x[i * n + j] * x[i * n + j];
            }
            r[i] = Math.sqrt(squares / n + eps);
            for (int j = 0; j < n; j++) {
                y[i * n + j] = x[i * n + j] / r[i];
            }
        }
    }

    /** dx_ij += (dy_ij − y_ij · mean_k(dy_ik · y_ik)) / r_i. */
    static void referenceBackward(double[] y, double[] r, double[] dy, int m, int n, double[] dx) {
        for (int i = 0; i < m; i++) {
            double dot = 0;
            for (int j = 0; j < n; j++) {
                dot += dy[i * n + j] * y[i * n + j];
            }
            for (int j = 0; j < n; j++) {
                dx[i * n + j] += (dy[i * n + j] - y[i * n + j] * (dot / n)) / r[i];
            }
        }
    }

    // endregion

    /**
     * The fast forward for rows [from, to): y = (x + a) / r, or x / r when {@code a} is null,
     * multiplying by 1/r. Each entry of the sum is formed as {@code add} forms it.
     */
    static void normalize(double[] x, double[] a, int from, int to, int n, double eps, double[] y, double[] r) {
        for (int i = from; i < to; i++) {
            int row = i * n;
            double squares = 0;
            if (a == null) {
                for (int j = 0; j < n; j++) {
                    double v = x[row + j];
                    squares += v * v;
                }
            } else {
                for (int j = 0; j < n; j++) {
                    double v = x[row + j] + a[row + j];
                    y[row + j] = v;
                    squares += v * v;
                }
            }
            double rms = Math.sqrt(squares / n + eps);
            r[i] = rms;
            double inv = 1.0 / rms;
            double[] source = a == null ? x : y;
            for (int j = 0; j < n; j++) {
                y[row + j] = source[row + j] * inv;
            }
        }
    }

    /** The fast backward for rows [from, to): dx += (dy − y · mean(dy ⊙ y)) · (1/r). */
    static void normBackward(double[] y, double[] r, double[] dy, int from, int to, int n, double[] dx) {
        for (int i = from; i < to; i++) {
            int row = i * n;
            double dot = 0;
            for (int j = 0; j < n; j++) {
                dot += dy[row + j] * y[row + j];
            }
            double meanDot = dot / n;
            double inv = 1.0 / r[i];
            for (int j = 0; j < n; j++) {
                dx[row + j] += (dy[row + j] - y[row + j] * meanDot) * inv;
            }
        }
    }
}
