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
 */
final class RmsNormOp {

    private RmsNormOp() {
    }

    static Tensor rmsNorm(Tape tape, Tensor x, double eps) {
        int m = x.rows();
        int n = x.cols();
        double[] v = x.value().data;
        DMatrixRMaj y = new DMatrixRMaj(m, n);
        DMatrixRMaj r = new DMatrixRMaj(m, 1);
        // Every row is normalised on its own, so rows are shared over the backend's threads.
        Parallel.forRange(tape.backend(), m, n, (from, to) -> {
            for (int i = from; i < to; i++) {
                double squares = 0;
                for (int j = 0; j < n; j++) {
                    double a = v[i * n + j];
                    squares += a * a;
                }
                double rms = Math.sqrt(squares / n + eps);
                r.data[i] = rms;
                double inv = 1.0 / rms;
                for (int j = 0; j < n; j++) {
                    y.data[i * n + j] = v[i * n + j] * inv;
                }
            }
        });
        return tape.record(Cost.of("rmsnorm", 4L * m * n, y, r), y, dy -> {
            if (!x.requiresGrad()) {
                return;
            }
            double[] dx = x.gradBuffer().data;
            Parallel.forRange(tape.backend(), m, n, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double dot = 0;
                    for (int j = 0; j < n; j++) {
                        dot += dy.data[i * n + j] * y.data[i * n + j];
                    }
                    double meanDot = dot / n;
                    double inv = 1.0 / r.data[i];
                    for (int j = 0; j < n; j++) {
                        dx[i * n + j] += (dy.data[i * n + j] - y.data[i * n + j] * meanDot) * inv;
                    }
                }
            });
        }, x);
    }
}
