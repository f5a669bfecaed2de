/**
 * A fast-weight memory: a d × d matrix W read at q as W·q and written by the delta rule
 * W' = W + β·(v − W·k)·kᵀ.
 */
public final class FastMemory {

    private FastMemory() {
    }

    /** W·q. */
    public static double[] read(double[][] w, double[] q) {
        double[] out = new double[w.length];
        for (int r = 0; r < w.length; r++) {
            double sum = 0;
            for (int c = 0; c < q.length; c++) {
                sum += w[r][c] * q[c];
            }
            out[r] = sum;
        }
        return out;
    }

    /** W + β·(v − W·k)·kᵀ, as a new matrix. */
    public static double[][] write(double[][] w, double[] k, double[] v, double beta) {
        double[] u = read(w, k);
        double[][] out = new double[w.length][];
        for (int r = 0; r < w.length; r++) {
            out[r] = w[r].clone();
            double e = beta * (v[r] - u[r]);
            for (int c = 0; c < k.length; c++) {
                out[r][c] += e * k[c];
            }
        }
        return out;
    }
}
