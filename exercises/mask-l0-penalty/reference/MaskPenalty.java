/**
 * The L0 penalty of continuous sparsification: P(m) = Σ σ(m_i / T), and its gradient.
 */
public final class MaskPenalty {

    private MaskPenalty() {
    }

    private static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        return (x >= 0 ? 1.0 : e) / (1.0 + e);
    }

    /** Σ σ(m[i] / t). */
    public static double value(double[] m, double t) {
        double sum = 0;
        for (double x : m) {
            sum += sigmoid(x / t);
        }
        return sum;
    }

    /** ∂P/∂m[i] for every i. */
    public static double[] gradient(double[] m, double t) {
        double[] g = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = sigmoid(m[i] / t);
            g[i] = s * (1 - s) / t;
        }
        return g;
    }
}
