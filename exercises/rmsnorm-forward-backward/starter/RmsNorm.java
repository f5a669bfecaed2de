/**
 * RMSNorm without a learnable scale: y = x / sqrt(mean(x²) + eps), row by row.
 */
public final class RmsNorm {

    private final double eps;

    public RmsNorm(double eps) {
        this.eps = eps;
    }

    /** Returns y, a new matrix: every row of x divided by its root mean square. */
    public double[][] forward(double[][] x) {
        throw new UnsupportedOperationException("forward is not written yet");
    }

    /** Returns dL/dx for the input x, given dL/dy. */
    public double[][] backward(double[][] x, double[][] dy) {
        throw new UnsupportedOperationException("backward is not written yet");
    }
}
