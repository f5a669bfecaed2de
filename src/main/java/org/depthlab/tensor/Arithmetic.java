package org.depthlab.tensor;


import org.ejml.data.DMatrixRMaj;

/**
 * Sums, products and reductions: the glue of every model. Residual connections are
 * {@link #add}, biases and broadcast states are {@link #addRow}, gates are {@link #mul}.
 */
final class Arithmetic {

    private Arithmetic() {
    }

    /** Y = A + B (same shape). Backward: ∂L/∂A = ∂L/∂B = ∂L/∂Y. One FLOP per entry. */
    static Tensor add(Tape tape, Tensor a, Tensor b) {
        Shapes.requireSame("add", a, b);
        double[] x = a.value().data;
        double[] z = b.value().data;
        DMatrixRMaj y = new DMatrixRMaj(a.rows(), a.cols());
        int n = a.cols();
        Parallel.forRange(tape.backend(), a.rows(), n, (from, to) -> {
            for (int i = from * n; i < to * n; i++) {
                y.data[i] = x[i] + z[i];
            }
        });
        return tape.record(Cost.of("add", y.data.length), y, dy -> {
            accumulate(tape.backend(), a, dy);
            accumulate(tape.backend(), b, dy);
        }, a, b);
    }

    /**
     * Y = X + 1·r: the 1×n row r added to every row of the m×n matrix X (a bias, or one state
     * vector broadcast to every position).
     *
     * <p>Backward: ∂L/∂X = ∂L/∂Y; ∂L/∂r = Σ_rows ∂L/∂Y (column sums).
     */
    static Tensor addRow(Tape tape, Tensor x, Tensor row) {
        Shapes.require(row.rows() == 1 && row.cols() == x.cols(), "addRow",
                "row must be 1x" + x.cols() + ", got " + Shapes.shape(row));
        int m = x.rows();
        int n = x.cols();
        double[] r = row.value().data;
        DMatrixRMaj y = x.value().copy();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                y.data[i * n + j] += r[j];
            }
        }
        return tape.record(Cost.of("add", (long) m * n), y, dy -> {
            accumulate(tape.backend(), x, dy);
            if (row.requiresGrad()) {
                double[] dr = row.gradBuffer().data;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        dr[j] += dy.data[i * n + j];
                    }
                }
            }
        }, x, row);
    }

    /** Y = A ⊙ B (elementwise). Backward: ∂L/∂A = ∂L/∂Y ⊙ B, ∂L/∂B = ∂L/∂Y ⊙ A. */
    static Tensor mul(Tape tape, Tensor a, Tensor b) {
        Shapes.requireSame("mul", a, b);
        double[] x = a.value().data;
        double[] z = b.value().data;
        DMatrixRMaj y = new DMatrixRMaj(a.rows(), a.cols());
        int n = a.cols();
        Parallel.forRange(tape.backend(), a.rows(), n, (from, to) -> {
            for (int i = from * n; i < to * n; i++) {
                y.data[i] = x[i] * z[i];
            }
        });
        return tape.record(Cost.of("mul", y.data.length, a.value(), b.value()), y, dy -> {
            // Gradient buffers are made on first use: make them here, before rows run on
            // several threads.
            double[] da = a.requiresGrad() ? a.gradBuffer().data : null;
            double[] db = b.requiresGrad() ? b.gradBuffer().data : null;
            Parallel.forRange(tape.backend(), a.rows(), n, (from, to) -> {
                for (int i = from * n; i < to * n; i++) {
                    if (da != null) {
                        da[i] += dy.data[i] * z[i];
                    }
                    if (db != null) {
                        db[i] += dy.data[i] * x[i];
                    }
                }
            });
        }, a, b);
    }

    /** Y = c·X. Backward: ∂L/∂X = c·∂L/∂Y. */
    static Tensor scale(Tape tape, Tensor x, double c) {
        DMatrixRMaj y = new DMatrixRMaj(x.rows(), x.cols());
        double[] v = x.value().data;
        for (int i = 0; i < y.data.length; i++) {
            y.data[i] = c * v[i];
        }
        return tape.record(Cost.of("scale", y.data.length), y, dy -> {
            if (x.requiresGrad()) {
                double[] dx = x.gradBuffer().data;
                for (int i = 0; i < dx.length; i++) {
                    dx[i] += c * dy.data[i];
                }
            }
        }, x);
    }

    /** y = Σ_ij X_ij (1×1). Backward: ∂L/∂X_ij = ∂L/∂y. */
    static Tensor sum(Tape tape, Tensor x) {
        return reduce(tape, "sum", x, 1.0);
    }

    /** y = (1/(m·n)) Σ_ij X_ij (1×1). Backward: ∂L/∂X_ij = ∂L/∂y / (m·n). */
    static Tensor mean(Tape tape, Tensor x) {
        return reduce(tape, "mean", x, 1.0 / x.value().getNumElements());
    }

    private static Tensor reduce(Tape tape, String op, Tensor x, double weight) {
        double total = 0;
        for (double v : x.value().data) {
            total += v;
        }
        DMatrixRMaj y = new DMatrixRMaj(1, 1);
        y.data[0] = weight * total;
        return tape.record(Cost.of(op, x.value().getNumElements()), y, dy -> {
            if (x.requiresGrad()) {
                double g = weight * dy.data[0];
                double[] dx = x.gradBuffer().data;
                for (int i = 0; i < dx.length; i++) {
                    dx[i] += g;
                }
            }
        }, x);
    }

    /** dst.grad += g, if dst wants a gradient; rows shared over the backend's threads. */
    static void accumulate(Backend backend, Tensor dst, DMatrixRMaj g) {
        if (dst.requiresGrad()) {
            double[] d = dst.gradBuffer().data;
            int n = g.numCols;
            Parallel.forRange(backend, g.numRows, n, (from, to) -> {
                for (int i = from * n; i < to * n; i++) {
                    d[i] += g.data[i];
                }
            });
        }
    }

    /** dst.grad += g, if dst wants a gradient. */
    static void accumulate(Tensor dst, double[] g) {
        if (dst.requiresGrad()) {
            double[] d = dst.gradBuffer().data;
            for (int i = 0; i < d.length; i++) {
                d[i] += g[i];
            }
        }
    }
}
