package org.depthlab.tasks;

import java.util.Arrays;
import java.util.Locale;
import org.depthlab.BadInputException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A quadratic program, the task family with a known iterative solution that chapter 11 uses
 * to ask whether a looped model iterates or matches templates (Bernier et al. 2026,
 * book/references.md [Bernier]):
 * <pre>
 *   minimise  f(x) = ½ xᵀA x − bᵀx      A symmetric positive definite, n × n
 *   (box variant: subject to −1 ≤ xᵢ ≤ 1)
 * </pre>
 * Its gradient is A x − b, so the unconstrained minimiser is x* = A⁻¹b (one Cholesky solve);
 * gradient descent with step 1/λ_max converges to it at the rate 1 − 1/κ per step, κ = λ_max/λ_min
 * the condition number; the box variant's minimiser is found exactly by {@link #solution()}
 * and approached by projected gradient.
 *
 * <p><b>Text.</b> One line: {@code qp4} or {@code qpbox4} (n = 4), then {@code A=} the n²
 * entries row-major and {@code b=} the n entries, comma-separated, written exactly (Java's
 * shortest round-tripping decimals), e.g. {@code qp2 A=2.0,0.5,0.5,1.0 b=1.0,-1.0}.
 *
 * @param n   the number of variables, 1..{@value #MAX_SIZE}
 * @param a   A, n × n row-major, symmetric positive definite
 * @param b   b, n entries
 * @param box whether x is confined to [−1, 1]ⁿ
 */
public record QuadraticProgram(int n, double[] a, double[] b, boolean box) {

    /** The largest n a program may have. */
    public static final int MAX_SIZE = 16;

    public QuadraticProgram {
        if (n < 1 || n > MAX_SIZE || a.length != n * n || b.length != n) {
            throw new IllegalArgumentException("a " + n + "-variable program with " + a.length + " and " + b.length
                    + " entries");
        }
        a = a.clone();
        b = b.clone();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (a[i * n + j] != a[j * n + i]) {
                    throw new IllegalArgumentException("A is not symmetric at (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Override
    public double[] a() {
        return a.clone();
    }

    @Override
    public double[] b() {
        return b.clone();
    }

    /** Entry (i, j) of A. */
    public double a(int i, int j) {
        return a[i * n + j];
    }

    /** Entry i of b. */
    public double b(int i) {
        return b[i];
    }

    /** The task's name for this program's size: {@code qp<n>} or {@code qpbox<n>}. */
    public String name() {
        return (box ? "qpbox" : "qp") + n;
    }

    /** f(x) = ½xᵀAx − bᵀx. */
    public double objective(double[] x) {
        double f = 0;
        for (int i = 0; i < n; i++) {
            double ax = 0;
            for (int j = 0; j < n; j++) {
                ax += a[i * n + j] * x[j];
            }
            f += 0.5 * x[i] * ax - b[i] * x[i];
        }
        return f;
    }

    /** ∇f(x) = Ax − b. */
    public double[] gradient(double[] x) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            double ax = 0;
            for (int j = 0; j < n; j++) {
                ax += a[i * n + j] * x[j];
            }
            g[i] = ax - b[i];
        }
        return g;
    }

    /** The eigenvalues of A, ascending. */
    public double[] eigenvalues() {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(new DMatrixRMaj(n, n, true, a))) {
            throw new IllegalStateException("the eigen decomposition failed");
        }
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(lambda);
        return lambda;
    }

    /** κ = λ_max / λ_min. */
    public double condition() {
        double[] l = eigenvalues();
        return l[n - 1] / l[0];
    }

    /** Whether x lies in the box, to {@code tolerance} (always true without a box). */
    public boolean feasible(double[] x, double tolerance) {
        if (!box) {
            return true;
        }
        for (double v : x) {
            if (v < -1 - tolerance || v > 1 + tolerance) {
                return false;
            }
        }
        return true;
    }

    /**
     * The minimiser. Without a box: x* = A⁻¹b by Cholesky. With the box, exactly: the KKT
     * conditions of a strictly convex problem hold at its unique minimiser, so it is found by
     * trying every split of the variables into free, at −1 and at +1 (3ⁿ of them), solving
     * A_FF x_F = b_F − A_FB x_B on the free ones, and keeping the split whose point is
     * feasible and whose gradient points out of the box at every bound (gᵢ ≥ 0 at −1, gᵢ ≤ 0
     * at +1).
     */
    public double[] solution() {
        if (!box) {
            return solve(range(n), new double[n], new int[0]);
        }
        // Most programs are settled by a guess: the active set projected gradient ends on,
        // checked by the same KKT conditions; only when the guess fails are all splits tried.
        int[] guess = new int[n];
        double[] pg = new double[n];
        double step = 1 / eigenvalues()[n - 1];
        for (int k = 0; k < 2000; k++) {
            double[] g = gradient(pg);
            for (int i = 0; i < n; i++) {
                pg[i] = Math.max(-1, Math.min(1, pg[i] - step * g[i]));
            }
        }
        for (int i = 0; i < n; i++) {
            guess[i] = pg[i] <= -1 ? 1 : pg[i] >= 1 ? 2 : 0;
        }
        double[] x = settle(guess);
        double scale = 1;
        for (double v : b) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (kktViolation(guess, x) <= 1e-12 * scale) {
            return x;
        }
        int[] state = new int[n]; // 0 free, 1 at −1, 2 at +1
        long splits = 1;
        for (int i = 0; i < n; i++) {
            splits *= 3;
        }
        double[] best = null;
        double bestViolation = Double.POSITIVE_INFINITY;
        for (long code = 0; code < splits; code++) {
            long c = code;
            int free = 0;
            for (int i = 0; i < n; i++) {
                state[i] = (int) (c % 3);
                c /= 3;
                free += state[i] == 0 ? 1 : 0;
            }
            double[] candidate = settle(state);
            double violation = kktViolation(state, candidate);
            if (violation < bestViolation) {
                bestViolation = violation;
                best = candidate;
            }
        }
        return best;
    }

    /** The point of a split: the bound variables at their bound, the free ones solved for. */
    private double[] settle(int[] state) {
        int free = 0;
        for (int s : state) {
            free += s == 0 ? 1 : 0;
        }
        int[] f = new int[free];
        int[] bound = new int[n - free];
        double[] x = new double[n];
        for (int i = 0, fi = 0, bi = 0; i < n; i++) {
            if (state[i] == 0) {
                f[fi++] = i;
            } else {
                bound[bi++] = i;
                x[i] = state[i] == 1 ? -1 : 1;
            }
        }
        return solve(f, x, bound);
    }

    /** How far x breaks the KKT conditions of its split: a free variable outside the box, a bound one pulled inward. */
    private double kktViolation(int[] state, double[] x) {
        double[] g = gradient(x);
        double violation = 0;
        for (int i = 0; i < n; i++) {
            if (state[i] == 0) {
                violation = Math.max(violation, Math.max(Math.abs(x[i]) - 1, 0));
            } else {
                violation = Math.max(violation, state[i] == 1 ? Math.max(-g[i], 0) : Math.max(g[i], 0));
            }
        }
        return violation;
    }

    /** x with the variables {@code free} solved for, the others fixed at their values in {@code x}. */
    private double[] solve(int[] free, double[] x, int[] bound) {
        double[] out = x.clone();
        int k = free.length;
        if (k == 0) {
            return out;
        }
        DMatrixRMaj aff = new DMatrixRMaj(k, k);
        DMatrixRMaj rhs = new DMatrixRMaj(k, 1);
        for (int r = 0; r < k; r++) {
            double v = b[free[r]];
            for (int j : bound) {
                v -= a[free[r] * n + j] * x[j];
            }
            rhs.data[r] = v;
            for (int c = 0; c < k; c++) {
                aff.set(r, c, a[free[r] * n + free[c]]);
            }
        }
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(k);
        if (!chol.setA(aff)) {
            throw new IllegalStateException("A is not positive definite");
        }
        DMatrixRMaj sol = new DMatrixRMaj(k, 1);
        chol.solve(rhs, sol);
        for (int r = 0; r < k; r++) {
            out[free[r]] = sol.data[r];
        }
        return out;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** The same program with its variables renamed: variable i becomes {@code perm[i]} (PAPᵀ, Pb); x* moves along. */
    public QuadraticProgram permuted(int[] perm) {
        double[] pa = new double[n * n];
        double[] pb = new double[n];
        for (int i = 0; i < n; i++) {
            pb[perm[i]] = b[i];
            for (int j = 0; j < n; j++) {
                pa[perm[i] * n + perm[j]] = a[i * n + j];
            }
        }
        return new QuadraticProgram(n, pa, pb, box);
    }

    /** (cA·A, cB·b): the minimiser of the unconstrained program becomes (cB/cA)·x*. */
    public QuadraticProgram scaled(double cA, double cB) {
        double[] sa = new double[a.length];
        double[] sb = new double[n];
        for (int i = 0; i < sa.length; i++) {
            sa[i] = a[i] * cA;
        }
        for (int i = 0; i < n; i++) {
            sb[i] = b[i] * cB;
        }
        return new QuadraticProgram(n, sa, sb, box);
    }

    /** The one-line format. */
    public String format() {
        StringBuilder s = new StringBuilder(name()).append(" A=");
        for (int i = 0; i < a.length; i++) {
            s.append(i == 0 ? "" : ",").append(a[i]);
        }
        s.append(" b=");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append(b[i]);
        }
        return s.toString();
    }

    /**
     * Reads the one-line format.
     *
     * @throws BadInputException naming what is wrong: the name, a field, a number, the count of
     *     entries, an A that is not symmetric positive definite
     */
    public static QuadraticProgram parse(String line) {
        String[] parts = line.strip().split("\\s+");
        String head = parts[0].toLowerCase(Locale.ROOT);
        boolean box = head.startsWith("qpbox");
        String size = head.startsWith("qpbox") ? head.substring(5) : head.startsWith("qp") ? head.substring(2) : "";
        int n = size.matches("[0-9]{1,2}") ? Integer.parseInt(size) : -1;
        if (n < 1 || n > MAX_SIZE || parts.length != 3 || !parts[1].startsWith("A=") || !parts[2].startsWith("b=")) {
            throw new BadInputException("expected a quadratic program 'qp<n> A=… b=…' (or qpbox<n>, n = 1.." + MAX_SIZE
                    + ") but got '" + (line.length() > 40 ? line.substring(0, 40) + "…" : line.strip()) + "'.");
        }
        double[] a = numbers(parts[1].substring(2), n * n, "A");
        double[] b = numbers(parts[2].substring(2), n, "b");
        QuadraticProgram qp;
        try {
            qp = new QuadraticProgram(n, a, b, box);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("A of the " + n + "-variable program is not symmetric.");
        }
        if (!(qp.eigenvalues()[0] > 0)) {
            throw new BadInputException("A of the " + n + "-variable program is not positive definite.");
        }
        return qp;
    }

    private static double[] numbers(String csv, int count, String what) {
        String[] items = csv.split(",", -1);
        if (items.length != count) {
            throw new BadInputException(what + " needs " + count + " numbers, not " + items.length + ".");
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                v[i] = Double.parseDouble(items[i]);
            } catch (NumberFormatException e) {
                throw new BadInputException("'" + items[i] + "' in " + what + " is not a number.");
            }
            if (!Double.isFinite(v[i])) {
                throw new BadInputException("'" + items[i] + "' in " + what + " is not a finite number.");
            }
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuadraticProgram q && q.n == n && q.box == box && Arrays.equals(q.a, a)
                && Arrays.equals(q.b, b);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(a) + Arrays.hashCode(b) + (box ? 1 : 0);
    }

    @Override
    public String toString() {
        return format();
    }
}
