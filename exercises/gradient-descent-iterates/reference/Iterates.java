/** The iterates of gradient descent and conjugate gradient on f(x) = ½xᵀAx − bᵀx. */
public final class Iterates {

    private Iterates() {
    }

    private static double[] times(double[][] a, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += a[i][j] * v[j];
            }
        }
        return out;
    }

    private static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
        }
        return s;
    }

    /** x₀ = 0, x₁ … x_k of x ← x − step·(Ax − b). */
    public static double[][] gradientDescent(double[][] a, double[] b, double step, int k) {
        int n = b.length;
        double[][] xs = new double[k + 1][];
        double[] x = new double[n];
        xs[0] = x.clone();
        for (int t = 1; t <= k; t++) {
            double[] ax = times(a, x);
            for (int i = 0; i < n; i++) {
                x[i] -= step * (ax[i] - b[i]);
            }
            xs[t] = x.clone();
        }
        return xs;
    }

    /** x₀ = 0, x₁ … x_k of conjugate gradient. */
    public static double[][] conjugateGradient(double[][] a, double[] b, int k) {
        int n = b.length;
        double[][] xs = new double[k + 1][];
        double[] x = new double[n];
        double[] r = b.clone();
        double[] p = r.clone();
        double rr = dot(r, r);
        xs[0] = x.clone();
        for (int t = 1; t <= k; t++) {
            if (rr > 0) {
                double[] ap = times(a, p);
                double alpha = rr / dot(p, ap);
                for (int i = 0; i < n; i++) {
                    x[i] += alpha * p[i];
                    r[i] -= alpha * ap[i];
                }
                double next = dot(r, r);
                for (int i = 0; i < n; i++) {
                    p[i] = r[i] + next / rr * p[i];
                }
                rr = next;
            }
            xs[t] = x.clone();
        }
        return xs;
    }
}
