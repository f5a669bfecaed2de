package org.depthlab.optim;

import java.util.List;
import org.depthlab.tensor.Tensor;

/**
 * Gradient clipping by global norm: if the gradients of all parameters, taken together as one
 * vector g, are longer than a threshold c, shrink them all by the same factor,
 * <pre>
 *   ‖g‖ = √(Σ_params Σ_entries g²),    g ← g · c / (‖g‖ + 10⁻⁶)   when that factor is below 1,
 * </pre>
 * so the direction of the update is kept and only its length is capped. Pascanu, Mikolov and
 * Bengio, "On the difficulty of training recurrent neural networks" (ICML 2013, §3.2)
 * introduced it against exploding gradients; the formula, 10⁻⁶ included, is
 * {@code torch.nn.utils.clip_grad_norm_}'s.
 *
 * <p>One difference from PyTorch, on purpose: when ‖g‖ is NaN or infinite the gradients are
 * left alone (PyTorch would multiply them by NaN or 0) and the norm is returned, so the
 * training loop can see it and stop with the gradients that caused it intact.
 */
public final class GradClip {

    /** PyTorch's guard against dividing by a zero norm, kept for exact parity. */
    static final double GUARD = 1e-6;

    private GradClip() {
    }

    /** ‖g‖: the L2 norm of all gradients together; parameters without a gradient add nothing. */
    public static double globalNorm(List<Tensor> params) {
        double sumOfSquares = 0;
        for (Tensor p : params) {
            if (p.grad() == null) {
                continue;
            }
            double[] g = p.grad().data;
            int n = p.grad().getNumElements();
            for (int j = 0; j < n; j++) {
                sumOfSquares += g[j] * g[j];
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /**
     * Scales every gradient by maxNorm / (‖g‖ + 10⁻⁶) if that is below 1.
     *
     * @param maxNorm c > 0
     * @return ‖g‖ before clipping (NaN or infinite if a gradient is; the gradients are then
     *         untouched)
     */
    public static double clipGlobalNorm(List<Tensor> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
        }
        double norm = globalNorm(params);
        if (!Double.isFinite(norm)) {
            return norm;
        }
        double scale = maxNorm / (norm + GUARD);
        if (scale < 1) {
            for (Tensor p : params) {
                if (p.grad() == null) {
                    continue;
                }
                double[] g = p.grad().data;
                int n = p.grad().getNumElements();
                for (int j = 0; j < n; j++) {
                    g[j] *= scale;
                }
            }
        }
        return norm;
    }
}
