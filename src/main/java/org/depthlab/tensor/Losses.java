package org.depthlab.tensor;


import org.ejml.data.DMatrixRMaj;

/**
 * The training losses. Each returns a 1×1 mean; rows whose target equals the ignore index
 * (PAD, token 0 in the HRM datasets) count neither in the sum nor in the divisor.
 *
 * <ul>
 *   <li><b>Softmax cross-entropy</b>: ℓ_i = log Σ_j e^{x_ij} − x_{i,t_i}.</li>
 *   <li><b>Stablemax cross-entropy</b> (Prieto et al. 2025, "Grokking at the edge of numerical
 *       stability", arXiv 2501.04697; HRM's LM loss): softmax with e^x replaced by
 *       s(x) = x + 1 for x ≥ 0 and 1/(1 − x) for x &lt; 0, so probabilities cannot saturate
 *       exponentially: ℓ_i = log Σ_j s(x_ij) − log s(x_{i,t_i}).</li>
 *   <li><b>Binary cross-entropy on logits</b> (HRM's and TRM's halting heads):
 *       ℓ = max(x, 0) − x·t + log(1 + e^{−|x|}), the overflow-free form of
 *       −t·log σ(x) − (1 − t)·log(1 − σ(x)).</li>
 * </ul>
 */
final class Losses {

    private Losses() {
    }

    /**
     * Mean softmax cross-entropy over rows whose target is not {@code ignoreIndex}.
     *
     * <p>Backward: ∂ℓ_i/∂x_ij = softmax(x_i)_j − [j = t_i], divided by the number of rows
     * counted.
     */
    static Tensor softmaxCrossEntropy(Tape tape, Tensor logits, int[] targets, int ignoreIndex) {
        int m = logits.rows();
        int n = logits.cols();
        int counted = checkTargets("softmaxCrossEntropy", logits, targets, ignoreIndex);
        double[] x = logits.value().data;
        DMatrixRMaj p = new DMatrixRMaj(m, n);
        Softmax.forward(x, 0, null, 0, m, n, p.data, 0);
        double total = 0;
        for (int i = 0; i < m; i++) {
            if (targets[i] != ignoreIndex) {
                total -= Math.log(p.data[i * n + targets[i]]);
            }
        }
        int[] t = targets.clone();
        double divisor = Math.max(counted, 1);
        return tape.record(Cost.of("cross_entropy", 5L * m * n, p), scalar(total / divisor), dy -> {
            if (!logits.requiresGrad()) {
                return;
            }
            double[] dx = logits.gradBuffer().data;
            double g = dy.data[0] / divisor;
            for (int i = 0; i < m; i++) {
                if (t[i] == ignoreIndex) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    dx[i * n + j] += g * p.data[i * n + j];
                }
                dx[i * n + t[i]] -= g;
            }
        }, logits);
    }

    /** s(x): x + 1 for x ≥ 0, 1/(1 − x) for x &lt; 0. Positive, increasing, continuous with s'. */
    static double stablemaxS(double x) {
        return x >= 0 ? x + 1 : 1.0 / (1.0 - x);
    }

    /** s'(x): 1 for x ≥ 0, 1/(1 − x)² for x &lt; 0. */
    static double stablemaxDs(double x) {
        return x >= 0 ? 1.0 : 1.0 / ((1.0 - x) * (1.0 - x));
    }

    /**
     * Mean stablemax cross-entropy over rows whose target is not {@code ignoreIndex}.
     *
     * <p>Backward: with S_i = Σ_j s(x_ij), ∂ℓ_i/∂x_ij = s'(x_ij)/S_i − [j = t_i]·s'(x_ij)/s(x_ij),
     * divided by the number of rows counted.
     */
    static Tensor stablemaxCrossEntropy(Tape tape, Tensor logits, int[] targets, int ignoreIndex) {
        int m = logits.rows();
        int n = logits.cols();
        int counted = checkTargets("stablemaxCrossEntropy", logits, targets, ignoreIndex);
        double[] x = logits.value().data;
        double[] rowSums = new double[m];
        double total = 0;
        for (int i = 0; i < m; i++) {
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += stablemaxS(x[i * n + j]);
            }
            rowSums[i] = sum;
            if (targets[i] != ignoreIndex) {
                total += Math.log(sum) - Math.log(stablemaxS(x[i * n + targets[i]]));
            }
        }
        int[] t = targets.clone();
        double divisor = Math.max(counted, 1);
        return tape.record(Cost.of("stablemax_cross_entropy", 4L * m * n, logits.value()),
                scalar(total / divisor), dy -> {
                    if (!logits.requiresGrad()) {
                        return;
                    }
                    double[] dx = logits.gradBuffer().data;
                    double g = dy.data[0] / divisor;
                    for (int i = 0; i < m; i++) {
                        if (t[i] == ignoreIndex) {
                            continue;
                        }
                        for (int j = 0; j < n; j++) {
                            dx[i * n + j] += g * stablemaxDs(x[i * n + j]) / rowSums[i];
                        }
                        double xt = x[i * n + t[i]];
                        dx[i * n + t[i]] -= g * stablemaxDs(xt) / stablemaxS(xt);
                    }
                }, logits);
    }

    /**
     * Mean binary cross-entropy of logits x against targets t in [0, 1] (same shape).
     *
     * <p>Backward: ∂ℓ/∂x = σ(x) − t, divided by the number of entries.
     */
    static Tensor binaryCrossEntropyWithLogits(Tape tape, Tensor logits, DMatrixRMaj targets) {
        Shapes.require(targets.numRows == logits.rows() && targets.numCols == logits.cols(),
                "binaryCrossEntropyWithLogits", "targets are " + targets.numRows + "x" + targets.numCols
                        + ", logits " + Shapes.shape(logits));
        double[] x = logits.value().data;
        double[] t = targets.data.clone();
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            total += Math.max(x[i], 0) - x[i] * t[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
        }
        double divisor = x.length;
        return tape.record(Cost.of("bce_with_logits", 6L * x.length, logits.value(), targets),
                scalar(total / divisor), dy -> {
                    if (!logits.requiresGrad()) {
                        return;
                    }
                    double[] dx = logits.gradBuffer().data;
                    double g = dy.data[0] / divisor;
                    for (int i = 0; i < x.length; i++) {
                        dx[i] += g * (Pointwise.sigmoid(x[i]) - t[i]);
                    }
                }, logits);
    }

    private static int checkTargets(String op, Tensor logits, int[] targets, int ignoreIndex) {
        Shapes.require(targets.length == logits.rows(), op, targets.length + " targets for "
                + logits.rows() + " rows");
        int counted = 0;
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] == ignoreIndex) {
                continue;
            }
            if (targets[i] < 0 || targets[i] >= logits.cols()) {
                throw new IllegalArgumentException(op + ": target " + targets[i] + " at row " + i
                        + " is not a class 0.." + (logits.cols() - 1));
            }
            counted++;
        }
        return counted;
    }

    private static DMatrixRMaj scalar(double v) {
        DMatrixRMaj s = new DMatrixRMaj(1, 1);
        s.data[0] = v;
        return s;
    }
}
