package org.depthlab.optim;

import java.util.List;
import java.util.Map;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Adam-atan2: Adam with its division m / (√v + ε) replaced by an atan2, which needs no ε and
 * makes the update invariant to the scale of the gradients. It is the optimizer HRM and TRM
 * train with ([Adam-atan2] in book/references.md). For each parameter p with gradient g, at
 * its t-th update with learning rate η, as the released {@code adam-atan2} package computes
 * it (version 0.0.3, {@code csrc/adam_atan2.cu}, {@code adam_math}):
 * <pre>
 *   p = p·(1 − η·λ)                       (decoupled decay, as in AdamW)
 *   m = β1·m + (1 − β1)·g
 *   v = β2·v + (1 − β2)·g²
 *   step_size = η / (1 − β1^t)            (the first bias correction, outside the atan2)
 *   p = p − step_size · a·atan2(m, b·√v / √(1 − β2^t))
 * </pre>
 * Everett et al., "Scaling Exponents Across Parameterizations and Optimizers" (ICML 2024,
 * arXiv 2407.05872) propose it. Why it works: for x ≥ 0, atan2(y, x) ≈ y/x when |y| ≪ x, like
 * Adam's ratio, but it stays bounded, |atan2(y, x)| ≤ π/2, where x → 0 (no ε needed, and no
 * step larger than step_size·a·π/2 per coordinate); and atan2(c·y, c·x) = atan2(y, x) for every
 * c > 0, so multiplying every gradient by c (a different loss scale or parameterization)
 * leaves the update unchanged — which ε-Adam only approximates while |g| ≫ ε.
 *
 * <p><b>Where the first bias correction goes.</b> Because atan2 is not linear, dividing m by
 * 1 − β1^t inside the atan2 is a different optimizer. The package did that in 0.0.2 and
 * reverted it the next day; what {@code pip install adam-atan2} gives HRM is 0.0.3, the form
 * above. Early in training the two differ most: at t = 1 the released form steps
 * η·atan(1 − β1)/(1 − β1) ≈ 0.997·η per coordinate (β1 = 0.9, no decay), the other η·π/4.
 * The other form stays available as {@link BiasCorrection#INSIDE} (depthlab used it before it
 * followed the release; checkpoints written then resume with it).
 *
 * <p><b>Constants.</b> With a = b = 1 this is the package's update, which has no a or b.
 * Another popular implementation, lucidrains' {@code adam-atan2-pytorch}, defaults to
 * a = 1.27, b = 1 (1.27 ≈ 4/π makes a·atan2(x, x) ≈ 1, Adam's value where m̂ = √v̂) and scales
 * its weight decay by η / η₀ (η₀ = the initial learning rate).
 *
 * <p>The defaults of {@link Config#hrm()} are HRM's: β = (0.9, 0.95), λ = 1.0, a = b = 1, the
 * released form.
 */
public final class AdamAtan2 implements Optimizer {

    /** Where the first moment's bias correction 1/(1 − β1^t) is applied. */
    public enum BiasCorrection {
        /**
         * The released package (0.0.3): in the step size, η/(1 − β1^t)·atan2(m, √v̂), so a
         * step is at most η·a·π/(2·(1 − β1^t)).
         */
        OUTSIDE,
        /**
         * The reverted 0.0.2 form: η·atan2(m/(1 − β1^t), √v̂), so a step is at most η·a·π/2.
         */
        INSIDE
    }

    /**
     * Adam-atan2's hyperparameters (the learning rate comes with each step).
     *
     * @param beta1          β1 in [0, 1)
     * @param beta2          β2 in [0, 1)
     * @param weightDecay    λ ≥ 0, decoupled
     * @param a              scale of the update, > 0 (1 in the package HRM uses)
     * @param b              scale of √v̂ inside the atan2, > 0 (1 in the package HRM uses)
     * @param biasCorrection where 1/(1 − β1^t) goes ({@link BiasCorrection#OUTSIDE} in the package)
     */
    public record Config(double beta1, double beta2, double weightDecay, double a, double b,
                         BiasCorrection biasCorrection) {
        public Config {
            Hyperparameters.requireBetas("Adam-atan2", beta1, beta2);
            Hyperparameters.requireWeightDecay("Adam-atan2", weightDecay);
            Hyperparameters.requirePositive("Adam-atan2", "a", a);
            Hyperparameters.requirePositive("Adam-atan2", "b", b);
            if (biasCorrection == null) {
                throw new IllegalArgumentException("Adam-atan2 needs a bias-correction form");
            }
        }

        /** The given betas and decay, with a = b = 1 and the released form, as in the package. */
        public static Config of(double beta1, double beta2, double weightDecay) {
            return new Config(beta1, beta2, weightDecay, 1, 1, BiasCorrection.OUTSIDE);
        }

        /** HRM's settings for Sudoku and mazes: β = (0.9, 0.95), λ = 1.0, a = b = 1, released form. */
        public static Config hrm() {
            return of(0.9, 0.95, 1.0);
        }

        /** The same with the first bias correction applied where {@code form} says. */
        public Config withBiasCorrection(BiasCorrection form) {
            return new Config(beta1, beta2, weightDecay, a, b, form);
        }
    }

    private static final int EXP_AVG = 0;
    private static final int EXP_AVG_SQ = 1;

    private final Config config;
    private final ParamStates states;

    /** Adam-atan2 over {@code params} (named, trainable, unique names). */
    public AdamAtan2(List<Tensor> params, Config config) {
        this.config = config;
        this.states = new ParamStates("Adam-atan2", params, "exp_avg", "exp_avg_sq");
    }

    @Override
    public void step(double lr) {
        Hyperparameters.requireLearningRate(lr);
        List<Tensor> params = states.params();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.grad() == null) {
                continue;
            }
            long t = states.advance(i);
            // StrictMath: the same bits on every JVM, so a resumed run repeats exactly.
            double bc1 = 1 - StrictMath.pow(config.beta1(), t);
            double bc2Sqrt = Math.sqrt(1 - StrictMath.pow(config.beta2(), t));
            double[] w = p.value().data;
            double[] g = p.grad().data;
            double[] m = states.buffer(i, EXP_AVG).data;
            double[] v = states.buffer(i, EXP_AVG_SQ).data;
            int n = p.value().getNumElements();
            if (config.biasCorrection() == BiasCorrection.OUTSIDE) {
                released(w, g, m, v, n, lr, lr / bc1, bc2Sqrt);
            } else {
                inside(w, g, m, v, n, lr, bc1, bc2Sqrt);
            }
        }
    }

    /** The package's kernel: p·(1 − ηλ) − step_size·a·atan2(m, b·√v/√(1 − β2^t)). */
    private void released(double[] w, double[] g, double[] m, double[] v, int n, double lr, double stepSize,
                          double bc2Sqrt) {
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        double a = config.a();
        double b = config.b();
        double decay = 1 - lr * config.weightDecay();
        for (int j = 0; j < n; j++) {
            w[j] *= decay;
            m[j] = beta1 * m[j] + (1 - beta1) * g[j];
            v[j] = beta2 * v[j] + (1 - beta2) * g[j] * g[j];
            double denom = Math.sqrt(v[j]) / bc2Sqrt;
            w[j] -= stepSize * a * StrictMath.atan2(m[j], b * denom);
        }
    }

    /** The reverted 0.0.2 form: p·(1 − ηλ) − η·a·atan2(m/(1 − β1^t), b·√v/√(1 − β2^t)). */
    private void inside(double[] w, double[] g, double[] m, double[] v, int n, double lr, double bc1,
                        double bc2Sqrt) {
        double beta1 = config.beta1();
        double beta2 = config.beta2();
        double a = config.a();
        double b = config.b();
        double decay = 1 - lr * config.weightDecay();
        for (int j = 0; j < n; j++) {
            w[j] *= decay;
            m[j] = beta1 * m[j] + (1 - beta1) * g[j];
            v[j] = beta2 * v[j] + (1 - beta2) * g[j] * g[j];
            double mHat = m[j] / bc1;
            double vHatSqrt = Math.sqrt(v[j]) / bc2Sqrt;
            w[j] -= lr * a * StrictMath.atan2(mHat, b * vHatSqrt);
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
