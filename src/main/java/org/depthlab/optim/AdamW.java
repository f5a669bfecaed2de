package org.depthlab.optim;

import java.util.List;
import java.util.Map;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Adam with decoupled weight decay, exactly as {@code torch.optim.AdamW}. For each parameter p
 * with gradient g, at its t-th update with learning rate η:
 * <pre>
 *   p = p·(1 − η·λ)                       (decoupled decay: outside the moments)
 *   m = β1·m + (1 − β1)·g                 (first moment, the mean of g)
 *   v = β2·v + (1 − β2)·g²                (second moment, the mean of g²)
 *   m̂ = m / (1 − β1^t),  v̂ = v / (1 − β2^t)   (bias corrections: m and v start at 0)
 *   p = p − η·m̂ / (√v̂ + ε)
 * </pre>
 * Adam is Kingma and Ba, "Adam: A Method for Stochastic Optimization" (ICLR 2015, Algorithm
 * 1); decoupling the decay from the gradient is Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization" (ICLR 2019, Algorithm 2). As in PyTorch, the bias corrections are folded
 * into the step size and the denominator: p −= (η / (1 − β1^t))·m / (√v / √(1 − β2^t) + ε).
 *
 * <p>The ε keeps the division finite where v̂ is 0, at a price: the update is no longer
 * invariant to the scale of the gradients (gradients far smaller than ε hardly move p).
 * {@link AdamAtan2} removes ε for that reason.
 */
public final class AdamW implements Optimizer {

    /**
     * AdamW's hyperparameters (the learning rate comes with each step).
     *
     * @param beta1       β1 in [0, 1), decay of the first moment
     * @param beta2       β2 in [0, 1), decay of the second moment
     * @param eps         ε > 0, added to √v̂
     * @param weightDecay λ ≥ 0, decoupled
     */
    public record Config(double beta1, double beta2, double eps, double weightDecay) {
        public Config {
            Hyperparameters.requireBetas("AdamW", beta1, beta2);
            Hyperparameters.requirePositive("AdamW", "eps", eps);
            Hyperparameters.requireWeightDecay("AdamW", weightDecay);
        }

        /** PyTorch's defaults: β = (0.9, 0.999), ε = 1e-8, λ = 0.01. */
        public static Config torchDefaults() {
            return new Config(0.9, 0.999, 1e-8, 0.01);
        }
    }

    private static final int EXP_AVG = 0;
    private static final int EXP_AVG_SQ = 1;

    private final Config config;
    private final ParamStates states;

    /** AdamW over {@code params} (named, trainable, unique names). */
    public AdamW(List<Tensor> params, Config config) {
        this.config = config;
        this.states = new ParamStates("AdamW", params, "exp_avg", "exp_avg_sq");
    }

    @Override
    public void step(double lr) {
        Hyperparameters.requireLearningRate(lr);
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        double eps = config.eps();
        double decay = 1 - lr * config.weightDecay();
        List<Tensor> params = states.params();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.grad() == null) {
                continue;
            }
            long t = states.advance(i);
            // StrictMath: the same bits on every JVM, so a resumed run repeats exactly.
            double stepSize = lr / (1 - StrictMath.pow(beta1, t));
            double bc2Sqrt = Math.sqrt(1 - StrictMath.pow(beta2, t));
            double[] w = p.value().data;
            double[] g = p.grad().data;
            double[] m = states.buffer(i, EXP_AVG).data;
            double[] v = states.buffer(i, EXP_AVG_SQ).data;
            int n = p.value().getNumElements();
            for (int j = 0; j < n; j++) {
                w[j] *= decay;
                m[j] = beta1 * m[j] + (1 - beta1) * g[j];
                v[j] = beta2 * v[j] + (1 - beta2) * g[j] * g[j];
                double denom = Math.sqrt(v[j]) / bc2Sqrt + eps;
                w[j] -= stepSize * (m[j] / denom);
            }
        }
    }

    @Override
    public List<Tensor> parameters() {
        return states.params();
    }

    /** Entries {@code <name>.exp_avg}, {@code <name>.exp_avg_sq}, {@code <name>.step}. */
    @Override
    public Map<String, DMatrixRMaj> state() {
        return states.export();
    }

    @Override
    public void loadState(Map<String, DMatrixRMaj> state) {
        states.load(state);
    }
}
