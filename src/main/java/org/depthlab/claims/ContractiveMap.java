package org.depthlab.claims;

import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * A step map z ← f(z; x) = g(z) + x on n-vectors (n × 1 tensors), its input x added after the
 * map (so ∂f/∂x = I), that claims to be γ-Lipschitz in z with γ &lt; 1: the setting of the
 * contraction claims and of the one-step gradient's justification (book/references.md, [DEQ]; Bai et al. 2019
 * for DEQs; Wang et al. 2025, its approximate gradient, for HRM). Implement it for a map of your
 * own; {@link TanhMap} is the project's.
 */
public interface ContractiveMap {

    /** n: the state's length. */
    int dimension();

    /** The declared γ: ‖f(a) − f(b)‖₂ ≤ γ·‖a − b‖₂ for all a, b. */
    double lipschitz();

    /** The input x, n × 1 (a constant the claims may replace by a parameter to take its gradient). */
    Tensor input();

    /** One step f(z; x), recorded on {@code tape}. */
    Tensor step(Tape tape, Tensor z, Tensor x);
}
