/**
 * Row softmax: p_j = exp(x_j) / sum_k exp(x_k), every row on its own.
 */
public final class Softmax {

    /** Returns p, a new matrix: the softmax of every row of x. */
    public double[][] forward(double[][] x) {
        throw new UnsupportedOperationException("forward is not written yet");
    }

    /** Returns dL/dx for the scores x, given dL/dp. */
    public double[][] backward(double[][] x, double[][] dp) {
        throw new UnsupportedOperationException("backward is not written yet");
    }
}
