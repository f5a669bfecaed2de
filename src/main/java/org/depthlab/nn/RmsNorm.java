package org.depthlab.nn;

import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * RMSNorm without a learnable scale, as in HRM: y = x / √(mean(x²) + ε) per row. It owns no
 * weights; it is a layer only so that a block reads as a list of layers. The op and its
 * backward are in {@code tensor/RmsNormOp.java}.
 */
public final class RmsNorm {

    /** HRM's ε. */
    public static final double DEFAULT_EPS = 1e-5;

    private final double eps;

    public RmsNorm(double eps) {
        if (!(eps > 0)) {
            throw new IllegalArgumentException("RMSNorm epsilon must be > 0, got " + eps);
        }
        this.eps = eps;
    }

    /** y = rms(x). */
    public Tensor forward(Tape tape, Tensor x) {
        return tape.rmsNorm(x, eps);
    }

    /** y = rms(x + a): a post-norm block's residual connection and its norm (one op on the fast path). */
    public Tensor residual(Tape tape, Tensor x, Tensor a) {
        return tape.addRmsNorm(x, a, eps);
    }

    public double eps() {
        return eps;
    }
}
