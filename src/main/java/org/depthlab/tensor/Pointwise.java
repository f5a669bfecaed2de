package org.depthlab.tensor;


import org.ejml.data.DMatrixRMaj;

/**
 * Elementwise nonlinearities. Each backward multiplies the output gradient by the derivative,
 * written in terms of whatever the forward already computed.
 */
final class Pointwise {

    private Pointwise() {
    }

    /** Y = exp(X). Backward: ∂L/∂X = ∂L/∂Y ⊙ Y. */
    static Tensor exp(Tape tape, Tensor x) {
        double[] v = x.value().data;
        DMatrixRMaj y = new DMatrixRMaj(x.rows(), x.cols());
        for (int i = 0; i < v.length; i++) {
            y.data[i] = Math.exp(v[i]);
        }
        return tape.record(Cost.of("exp", v.length, y), y, dy -> {
            if (x.requiresGrad()) {
                double[] dx = x.gradBuffer().data;
                for (int i = 0; i < dx.length; i++) {
                    dx[i] += dy.data[i] * y.data[i];
                }
            }
        }, x);
    }

    /** Y = log(X), X &gt; 0. Backward: ∂L/∂X = ∂L/∂Y / X. */
    static Tensor log(Tape tape, Tensor x) {
        double[] v = x.value().data;
        DMatrixRMaj y = new DMatrixRMaj(x.rows(), x.cols());
        for (int i = 0; i < v.length; i++) {
            y.data[i] = Math.log(v[i]);
        }
        return tape.record(Cost.of("log", v.length, x.value()), y, dy -> {
            if (x.requiresGrad()) {
                double[] dx = x.gradBuffer().data;
                for (int i = 0; i < dx.length; i++) {
                    dx[i] += dy.data[i] / v[i];
                }
            }
        }, x);
    }

    /**
     * σ(x) = 1 / (1 + e^(−x)), computed without overflow for large |x|: with e = e^(−|x|) ≤ 1,
     * σ = 1 / (1 + e) for x ≥ 0 and e / (1 + e) for x &lt; 0. Written with one exp and a choice
     * of numerator rather than an if around two formulas: the same numbers, but no branch for
     * the processor to mispredict on inputs of random sign (SiLU calls this for every entry).
     */
    static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        return (x >= 0 ? 1.0 : e) / (1.0 + e);
    }

    /** Y = σ(X). Backward: ∂L/∂X = ∂L/∂Y ⊙ Y ⊙ (1 − Y). */
    static Tensor sigmoid(Tape tape, Tensor x) {
        double[] v = x.value().data;
        DMatrixRMaj y = new DMatrixRMaj(x.rows(), x.cols());
        for (int i = 0; i < v.length; i++) {
            y.data[i] = sigmoid(v[i]);
        }
        return tape.record(Cost.of("sigmoid", 4L * v.length, y), y, dy -> {
            if (x.requiresGrad()) {
                double[] dx = x.gradBuffer().data;
                for (int i = 0; i < dx.length; i++) {
                    double s = y.data[i];
                    dx[i] += dy.data[i] * s * (1 - s);
                }
            }
        }, x);
    }

    /**
     * Y = X ⊙ σ(X) (SiLU, the "swish" of SwiGLU).
     *
     * <p>Backward: d/dx [x·σ(x)] = σ(x)·(1 + x·(1 − σ(x))).
     */
    static Tensor silu(Tape tape, Tensor x) {
        double[] v = x.value().data;
        DMatrixRMaj y = new DMatrixRMaj(x.rows(), x.cols());
        int n = x.cols();
        // Each entry needs an exp: the costliest elementwise op of a SwiGLU block. Rows are
        // independent, so they are shared over the backend's threads (see Parallel).
        Parallel.forRange(tape.backend(), x.rows(), n, (from, to) -> {
            for (int i = from * n; i < to * n; i++) {
                y.data[i] = v[i] * sigmoid(v[i]);
            }
        });
        return tape.record(Cost.of("silu", 5L * v.length, x.value()), y, dy -> {
            if (x.requiresGrad()) {
                double[] dx = x.gradBuffer().data;
                Parallel.forRange(tape.backend(), x.rows(), n, (from, to) -> {
                    for (int i = from * n; i < to * n; i++) {
                        double s = sigmoid(v[i]);
                        dx[i] += dy.data[i] * s * (1 + v[i] * (1 - s));
                    }
                });
            }
        }, x);
    }
}
