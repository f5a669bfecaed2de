/**
 * Row softmax: p_j = exp(x_j) / sum_k exp(x_k), every row on its own.
 */
public final class Softmax {

    /** Returns p, a new matrix: the softmax of every row of x. */
    public double[][] forward(double[][] x) {
        double[][] p = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : x[i]) {
                max = Math.max(max, v);
            }
            // Shifting by the row's maximum changes nothing and keeps exp from overflowing.
            double total = 0;
            p[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                p[i][j] = Math.exp(x[i][j] - max);
                total += p[i][j];
            }
            for (int j = 0; j < p[i].length; j++) {
                p[i][j] /= total;
            }
        }
        return p;
    }

    /** Returns dL/dx for the scores x, given dL/dp: dx_k = p_k (dp_k - sum_j dp_j p_j). */
    public double[][] backward(double[][] x, double[][] dp) {
        double[][] p = forward(x);
        double[][] dx = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double dot = 0;
            for (int j = 0; j < p[i].length; j++) {
                dot += dp[i][j] * p[i][j];
            }
            dx[i] = new double[p[i].length];
            for (int k = 0; k < p[i].length; k++) {
                dx[i][k] = p[i][k] * (dp[i][k] - dot);
            }
        }
        return dx;
    }
}
