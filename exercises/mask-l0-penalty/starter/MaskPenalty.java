/**
 * The L0 penalty of continuous sparsification: P(m) = Σ σ(m_i / T), and its gradient.
 */
public final class MaskPenalty {

    private MaskPenalty() {
    }

    /** Σ σ(m[i] / t). */
    public static double value(double[] m, double t) {
        throw new UnsupportedOperationException("value is not written yet");
    }

    /** ∂P/∂m[i] for every i. */
    public static double[] gradient(double[] m, double t) {
        throw new UnsupportedOperationException("gradient is not written yet");
    }
}
