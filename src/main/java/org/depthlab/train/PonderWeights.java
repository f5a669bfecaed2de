package org.depthlab.train;

import java.util.Arrays;

/**
 * Adaptive computation time as Graves defined it (Graves 2016, "Adaptive Computation Time
 * for Recurrent Neural Networks", §2; the per-position halting of Universal Transformers,
 * Dehghani et al. 2018): a recurrent model emits a halting probability h_t ∈ [0, 1] after
 * every step t = 1, 2, …, and stops at
 * <pre>
 *   N = min { n : h_1 + … + h_n ≥ 1 − ε }      (or at the maximum number of steps)
 *   p_t = h_t for t &lt; N,   p_N = R = 1 − (h_1 + … + h_{N−1})     the remainder
 *   y = p_1·s_1 + … + p_N·s_N                                      the ponder-weighted output
 * </pre>
 * The weights are ≥ 0 and sum to one by construction (the remainder takes what is left), so
 * y is a convex combination of the states s_t and lies in their convex hull.
 *
 * <p>HRM and TRM halt differently (a Q head, a hard decision, {@link Halting}); these weights
 * read their halting logits as probabilities, h_t = σ(q_halt), for the ACT claims.
 */
public final class PonderWeights {

    private PonderWeights() {
    }

    /**
     * The weights p_1 … p_N for halting probabilities h_1 … (as many as the maximum number of
     * steps; the last step halts whatever its h).
     *
     * @param epsilon Graves's ε: halt once the sum reaches 1 − ε (0.01 in the paper)
     */
    public static double[] of(double[] halting, double epsilon) {
        if (halting.length == 0) {
            throw new IllegalArgumentException("need at least one step");
        }
        double sum = 0;
        int n = 0;
        while (n < halting.length - 1 && sum + halting[n] < 1 - epsilon) {
            sum += halting[n];
            n++;
        }
        double[] p = Arrays.copyOf(halting, n + 1);
        p[n] = 1 - sum;
        return p;
    }

    /** y = Σ p_t·s_t, entry by entry; {@code states[t]} holds s_{t+1}, all of one length. */
    public static double[] mix(double[] weights, double[][] states) {
        double[] y = new double[states[0].length];
        for (int t = 0; t < weights.length; t++) {
            for (int i = 0; i < y.length; i++) {
                y[i] += weights[t] * states[t][i];
            }
        }
        return y;
    }
}
