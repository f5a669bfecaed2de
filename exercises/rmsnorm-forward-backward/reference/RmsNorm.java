/**
 * RMSNorm without a learnable scale: y = x / sqrt(mean(x²) + eps), row by row.
 *
 * <p>Backward: with r = sqrt(mean(x²) + eps) and y = x / r,
 * dx = (dy − y · mean(dy ⊙ y)) / r, each mean over the row.
 */
public final class RmsNorm {

    private final double eps;

    public RmsNorm(double eps) {
        this.eps = eps;
    }

    /** Returns y, a new matrix: every row of x divided by its root mean square. */
    public double[][] forward(double[][] x) {
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double r = rms(x[i]);
            y[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                y[i][j] = x[i][j] / r;
            }
        }
        return y;
    }

    /** Returns dL/dx for the input x, given dL/dy. */
    public double[][] backward(double[][] x, double[][] dy) {
        double[][] dx = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            int n = x[i].length;
            double r = rms(x[i]);
            double meanDyY = 0;
            for (int j = 0; j < n; j++) {
                meanDyY += dy[i][j] * x[i][j] / r;
            }
            meanDyY /= n;
            dx[i] = new double[n];
            for (int j = 0; j < n; j++) {
                dx[i][j] = (dy[i][j] - x[i][j] / r * meanDyY) / r;
            }
        }
        return dx;
    }

    private double rms(double[] row) {
        double sumSq = 0;
        for (double v : row) {
            sumSq += v * v;
        }
        return Math.sqrt(sumSq / row.length + eps);
    }
}
