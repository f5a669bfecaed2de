package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Every row scaled to unit length: y = x / r, r = √(Σ x² + ε). The delta rule stores a value
 * exactly only for a key of length 1 ({@link DeltaRule}); fast-weight models therefore
 * normalise their keys and queries (Schlag et al. 2021, §4.2, who use the sum normalisation;
 * the Euclidean one is what makes ‖k‖ = 1). ε = 1e-24 only keeps a zero row finite (it maps to
 * zero); any row longer than 1e-6 comes out with ‖y‖ = 1 to within 1e-12.
 *
 * <p>Backward: ∂L/∂x = (∂L/∂y − y·(y·∂L/∂y)) / r — the part of the gradient along y is lost,
 * because stretching x does not change y. FLOPs: 4 per entry (square, sum, divide, and the
 * row's constant once more).
 */
public final class UnitRows {

    /** Keeps a zero row finite. */
    public static final double EPS = 1e-24;

    private UnitRows() {
    }

    /** Each row of x divided by its length. */
    public static Tensor normalize(Tape tape, Tensor x) {
        int m = x.rows();
        int n = x.cols();
        double[] v = x.value().data;
        DMatrixRMaj y = new DMatrixRMaj(m, n);
        DMatrixRMaj r = new DMatrixRMaj(m, 1);
        for (int i = 0; i < m; i++) {
            double squares = 0;
            for (int j = 0; j < n; j++) {
                squares += v[i * n + j] * v[i * n + j];
            }
            r.data[i] = Math.sqrt(squares + EPS);
            for (int j = 0; j < n; j++) {
                y.data[i * n + j] = v[i * n + j] / r.data[i];
            }
        }
        return tape.record(Cost.of("unit rows", 4L * m * n, y, r), y, dy -> {
            if (!x.requiresGrad()) {
                return;
            }
            double[] dx = x.gradBuffer().data;
            for (int i = 0; i < m; i++) {
                double dot = 0;
                for (int j = 0; j < n; j++) {
                    dot += y.data[i * n + j] * dy.data[i * n + j];
                }
                for (int j = 0; j < n; j++) {
                    dx[i * n + j] += (dy.data[i * n + j] - y.data[i * n + j] * dot) / r.data[i];
                }
            }
        }, x);
    }
}
