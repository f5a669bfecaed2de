package org.depthlab.solve;

import org.depthlab.tasks.QuadraticProgram;

/**
 * The iterative baselines of chapter 11, each returning its iterates x₀ = 0, x₁, …, x_K so that
 * a model's answer after k loops can be set beside the method's after k steps
 * (Nocedal and Wright, <i>Numerical Optimization</i>, 2nd ed., chs. 3, 5 and 16):
 * <pre>
 *   gradient descent     x ← x − η (A x − b),            η = 1/λ_max
 *   projected gradient   x ← Π_box(x − η (A x − b))       (the box variant)
 *   conjugate gradient   r = b − A x, p = r;  α = rᵀr / pᵀA p,  x ← x + α p,
 *                        r' = r − α A p,  p ← r' + (r'ᵀr' / rᵀr) p       (exact in n steps)
 * </pre>
 * Gradient descent's error shrinks by at most 1 − 1/κ a step in the A-norm: the iteration a
 * looped model would have to imitate to keep improving with more loops. The closed form is
 * {@link QuadraticProgram#solution()}.
 */
public final class QpSolvers {

    private QpSolvers() {
    }

    /** Gradient descent (projected onto the box for a boxed program) with step 1/λ_max: x₀ … x_steps. */
    public static double[][] gradientDescent(QuadraticProgram qp, int steps) {
        int n = qp.n();
        double eta = 1 / qp.eigenvalues()[n - 1];
        double[][] xs = new double[steps + 1][];
        double[] x = new double[n];
        xs[0] = x.clone();
        for (int k = 1; k <= steps; k++) {
            double[] g = qp.gradient(x);
            for (int i = 0; i < n; i++) {
                x[i] -= eta * g[i];
                if (qp.box()) {
                    x[i] = Math.max(-1, Math.min(1, x[i]));
                }
            }
            xs[k] = x.clone();
        }
        return xs;
    }

    /**
     * Conjugate gradient on the unconstrained program: x₀ … x_steps. After n steps it has the
     * minimiser (up to rounding); later iterates repeat it.
     */
    public static double[][] conjugateGradient(QuadraticProgram qp, int steps) {
        int n = qp.n();
        double[][] xs = new double[steps + 1][];
        double[] x = new double[n];
        double[] r = qp.b();
        double[] p = r.clone();
        double rr = dot(r, r);
        xs[0] = x.clone();
        for (int k = 1; k <= steps; k++) {
            if (rr > 0) {
                double[] ap = times(qp, p);
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
            xs[k] = x.clone();
        }
        return xs;
    }

    private static double[] times(QuadraticProgram qp, double[] v) {
        int n = qp.n();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i] += qp.a(i, j) * v[j];
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** ‖x − x*‖ / ‖x*‖ (the error itself when x* = 0). */
    public static double relativeError(double[] x, double[] solution) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < x.length; i++) {
            diff += (x[i] - solution[i]) * (x[i] - solution[i]);
            norm += solution[i] * solution[i];
        }
        return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
    }

    /** (f(x) − f(x*)) / |f(x*)|: how much worse x is than the minimiser, relative to its value. */
    public static double objectiveGap(QuadraticProgram qp, double[] x, double[] solution) {
        double best = qp.objective(solution);
        return (qp.objective(x) - best) / Math.max(Math.abs(best), 1e-12);
    }
}
