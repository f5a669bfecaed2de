package org.depthlab.tensor;

/**
 * Which positions a query may attend to, within one sequence.
 *
 * <p>Query position i may see key position j when both rules allow it:
 * <ul>
 *   <li><b>causal</b>: j ≤ i (a decoder cannot look ahead);</li>
 *   <li><b>window</b> r ≥ 0: |i − j| ≤ r (local attention: after k layers an output can only
 *       depend on inputs within k·r — the "light cone" the claims check). A negative window
 *       means unlimited.</li>
 * </ul>
 * HRM's blocks use {@link #full()}.
 *
 * @param isCausal whether future positions are hidden
 * @param window the radius r, or −1 for no limit
 */
public record AttentionMask(boolean isCausal, int window) {

    /** Every position sees every position (HRM, TRM). */
    public static AttentionMask full() {
        return new AttentionMask(false, -1);
    }

    /** Position i sees positions 0..i (an autoregressive decoder). */
    public static AttentionMask causal() {
        return new AttentionMask(true, -1);
    }

    /** Position i sees positions i−r..i+r. */
    public static AttentionMask local(int radius) {
        if (radius < 0) {
            throw new IllegalArgumentException("window radius must be >= 0, got " + radius);
        }
        return new AttentionMask(false, radius);
    }

    /** Whether query position i may attend to key position j. */
    public boolean allows(int i, int j) {
        return (!isCausal || j <= i) && (window < 0 || Math.abs(i - j) <= window);
    }

    /** The additive form for one sequence, row-major seqLen × seqLen: 0 where allowed, −∞ where not. */
    public double[] additive(int seqLen) {
        return additive(seqLen, seqLen);
    }

    /**
     * The additive form for the last {@code queries} positions of a sequence of {@code keys}
     * positions (query i sits at position keys − queries + i), row-major queries × keys. This
     * is the mask of a decoding step with a KV cache: the new positions against everything so
     * far. With queries = keys it is {@link #additive(int)}.
     */
    public double[] additive(int queries, int keys) {
        if (queries < 1 || queries > keys) {
            throw new IllegalArgumentException("need 1 <= queries <= keys, got " + queries + " queries and "
                    + keys + " keys");
        }
        int start = keys - queries;
        double[] m = new double[queries * keys];
        for (int i = 0; i < queries; i++) {
            for (int j = 0; j < keys; j++) {
                m[i * keys + j] = allows(start + i, j) ? 0.0 : Double.NEGATIVE_INFINITY;
            }
        }
        return m;
    }

    @Override
    public String toString() {
        if (window < 0) {
            return isCausal ? "causal" : "full";
        }
        return (isCausal ? "causal-local(" : "local(") + window + ")";
    }
}
