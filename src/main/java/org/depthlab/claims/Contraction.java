package org.depthlab.claims;

import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * The contraction claims (book/references.md, [DEQ] and [HRM]; the Banach fixed-point theorem, and the
 * implicit-function view of DEQs, Bai et al. 2019, that justifies HRM's one-step gradient).
 * For a step map f with ‖f(a) − f(b)‖ ≤ γ‖a − b‖, γ &lt; 1:
 * <ol>
 *   <li><b>fixed point</b> — there is exactly one z* = f(z*), and iterating from anywhere
 *       reaches it: a random start and its mirror image end at the same point;</li>
 *   <li><b>error shrinks by γ</b> — ‖z_{k+1} − z*‖ ≤ γ·‖z_k − z*‖ at every step;</li>
 *   <li><b>one-step gradient</b> — with J = ∂f/∂z at z*, the true gradient of a loss ℓ(z*)
 *       with respect to x is (I − Jᵀ)⁻¹·g (g = ∂ℓ/∂z*), the one-step gradient, which
 *       back-propagates through the last step only, is g, and since
 *       (I − Jᵀ)⁻¹ − I = Jᵀ(I − Jᵀ)⁻¹, their difference is at most ‖J‖/(1 − ‖J‖)·‖g‖.</li>
 * </ol>
 * For (3) both gradients come from the tape: the one-step gradient by iterating inside
 * {@code noGrad}, detaching and recording one step; the true one by recording 400 steps started
 * at z* (the Neumann series I + Jᵀ + Jᵀ² + … of (I − Jᵀ)⁻¹, cut where γ⁴⁰⁰ is far below
 * rounding). ‖J‖₂ comes from J built column by column by backward passes, not from the map's
 * word. Norms are Euclidean; the rounding allowance is 1e-12 relative. Dimensions go up to the
 * family's bound on positions.
 *
 * <p>The contrasts: W = 3·I declared 0.9-Lipschitz (several fixed points, errors that do not
 * shrink), and a non-normal W whose eigenvalues are all ½ but whose norm is above 1
 * ({@link TanhMap#nonNormal}): it does have one fixed point, reached from everywhere — the
 * first claim holds for it, for a reason the claim does not cover — but its error can grow
 * for a step, and at z* the norm of its Jacobian is above 1, where ‖J‖/(1 − ‖J‖) bounds nothing.
 */
public final class Contraction implements Claim<ContractiveMap> {

    /** Which of the three statements. */
    private enum Part {
        FIXED_POINT("unique fixed point",
                "A gamma-Lipschitz step map with gamma < 1 has one fixed point, reached from every start."),
        SHRINKS("error shrinks by gamma", "Each step shrinks the distance to the fixed point by at least gamma."),
        ONE_STEP_GRADIENT("one-step gradient error", "The one-step gradient differs from the implicit (true)"
                + " gradient by at most ||J||/(1-||J||) times its size.");

        private final String name;
        private final String statement;

        Part(String name, String statement) {
            this.name = name;
            this.statement = statement;
        }
    }

    private static final double ROUNDING = 1e-12;
    private static final int MAX_ITERATIONS = 20_000;
    private static final int NEUMANN_STEPS = 400;

    private final Part part;

    private Contraction(Part part) {
        this.part = part;
    }

    /** A unique fixed point, reached from any start. */
    public static Contraction fixedPoint() {
        return new Contraction(Part.FIXED_POINT);
    }

    /** The distance to the fixed point shrinks by γ every step. */
    public static Contraction errorShrinks() {
        return new Contraction(Part.SHRINKS);
    }

    /** The one-step gradient is within ‖J‖/(1 − ‖J‖) of the true one, relative to its size. */
    public static Contraction oneStepGradient() {
        return new Contraction(Part.ONE_STEP_GRADIENT);
    }

    @Override
    public About about() {
        return new About(part.name, part.statement, "step maps z <- f(z; x) that are gamma-Lipschitz in z with"
                + " gamma < 1", Rigor.provable(ROUNDING));
    }

    @Override
    public Verdict check(Family<ContractiveMap> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            SplittableRandom rng = in.rng();
            ContractiveMap map = family.draw(in.seed(), 0, in.length(2));
            int n = map.dimension();
            in.tried("n", n);
            in.inputs(part == Part.ONE_STEP_GRADIENT ? 1 : 2);
            DMatrixRMaj a = Draw.uniform(n, 3, rng);
            // The second start mirrors the first: any two starts must meet, and these two are far apart.
            DMatrixRMaj b = a.copy();
            org.ejml.dense.row.CommonOps_DDRM.scale(-1, b);
            return switch (part) {
                case FIXED_POINT -> fixedPoint(map, a, b);
                case SHRINKS -> shrinks(map, a, b);
                case ONE_STEP_GRADIENT -> oneStep(map, a, rng);
            };
        });
    }

    private static DMatrixRMaj step(ContractiveMap map, DMatrixRMaj z) {
        Tape tape = new Tape();
        return tape.noGrad(() -> map.step(tape, Tensor.constant(z), map.input())).value();
    }

    /** Iterates until a step changes nothing, or only by rounding (or the budget runs out). */
    private static DMatrixRMaj iterate(ContractiveMap map, DMatrixRMaj z) {
        double last = Double.POSITIVE_INFINITY;
        for (int k = 0; k < MAX_ITERATIONS; k++) {
            DMatrixRMaj next = step(map, z);
            double moved = distance(next, z);
            // Exactly still, or down to rounding and no longer shrinking (float64 may cycle by an ulp).
            if (moved == 0 || (moved <= 1e-15 * Math.max(1, norm(next)) && moved >= last)) {
                return next;
            }
            last = moved;
            z = next;
        }
        return z;
    }

    private static double distance(DMatrixRMaj a, DMatrixRMaj b) {
        double sum = 0;
        for (int i = 0; i < a.data.length; i++) {
            double d = a.data[i] - b.data[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static double norm(DMatrixRMaj a) {
        return distance(a, new DMatrixRMaj(a.numRows, a.numCols));
    }

    private static Trial fixedPoint(ContractiveMap map, DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj za = iterate(map, a);
        DMatrixRMaj zb = iterate(map, b);
        double apart = distance(za, zb);
        double residual = Math.max(distance(step(map, za), za), distance(step(map, zb), zb));
        String where = String.format(Locale.ROOT, "%s, declared gamma %.2f", map, map.lipschitz());
        if (residual > ROUNDING || apart > ROUNDING * Math.max(1, norm(za))) {
            return Trial.failed(map.dimension(), String.format(Locale.ROOT, "%s: starts %s and %s end at %s and %s"
                    + " (%.3g apart, residual %.1e)", where, vector(a), vector(b), vector(za), vector(zb), apart,
                    residual));
        }
        return Trial.held(String.format(Locale.ROOT, "%s: two starts reach the same z* (%.1e apart, residual %.1e)", where,
                apart, residual));
    }

    private static Trial shrinks(ContractiveMap map, DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj fixed = iterate(map, a);
        double gamma = map.lipschitz();
        DMatrixRMaj z = b;
        double error = distance(z, fixed);
        double worst = 0;
        int k = 0;
        while (error > 1e-10 && k < MAX_ITERATIONS) {
            z = step(map, z);
            double next = distance(z, fixed);
            worst = Math.max(worst, next / error);
            if (next > gamma * error + ROUNDING) {
                return Trial.failed(k, String.format(Locale.ROOT, "%s, declared gamma %.2f: step %d took the error from %.3g to"
                        + " %.3g (ratio %.3f > gamma)", map, gamma, k + 1, error, next, next / error));
            }
            error = next;
            k++;
        }
        return Trial.held(String.format(Locale.ROOT, "%s: the error shrank every step, by at worst %.3f <= gamma %.2f, over %d"
                + " steps", map, worst, gamma, k));
    }

    private static Trial oneStep(ContractiveMap map, DMatrixRMaj a, SplittableRandom rng) {
        int n = map.dimension();
        DMatrixRMaj fixed = iterate(map, a);
        DMatrixRMaj g = Draw.uniform(n, 3, rng);
        DMatrixRMaj x = map.input().value();
        // One-step: the iterations above ran without a tape; z* enters the last step as a constant.
        DMatrixRMaj oneStep = gradientOfX(map, fixed, x, g, 1);
        // True: the same loss back-propagated through NEUMANN_STEPS steps from z*.
        DMatrixRMaj full = gradientOfX(map, fixed, x, g, NEUMANN_STEPS);
        if (distance(oneStep, g) > ROUNDING * norm(g)) {
            return Trial.failed(Long.MAX_VALUE, String.format(Locale.ROOT, "%s: the one-step gradient %s is not dl/dz* = %s:"
                    + " x does not enter additively", map, vector(oneStep), vector(g)));
        }
        double j = NormOps_DDRM.normP2(jacobian(map, fixed, x));
        // The bound is taken with the Jacobian's measured norm, not the declared gamma. Where
        // ||J|| >= 1 (a map that only says it contracts) the bound is negative or infinite, and
        // the comparison below shows that it bounds nothing.
        double bound = j / (1 - j) * norm(oneStep);
        double error = distance(full, oneStep);
        if (!(error <= bound + ROUNDING * Math.max(1, norm(full)))) {
            return Trial.failed(n, String.format(Locale.ROOT, "%s, declared gamma %.2f: ||J|| = %.3f at z*, one-step gradient"
                    + " error %.4g > bound ||J||/(1-||J||)*||g|| = %.4g", map, map.lipschitz(), j, error, bound));
        }
        return Trial.held(String.format(Locale.ROOT, "%s: ||J|| = %.3f, one-step gradient error %.3g <= bound %.3g", map, j,
                error, bound));
    }

    /** ∂(gᵀ z_k)/∂x for z_k after k recorded steps from z₀ = start, x a parameter. */
    private static DMatrixRMaj gradientOfX(ContractiveMap map, DMatrixRMaj start, DMatrixRMaj x, DMatrixRMaj g,
                                           int steps) {
        Tensor input = Tensor.parameter("x", x.copy());
        Tape tape = new Tape();
        Tensor z = Tensor.constant(start);
        for (int k = 0; k < steps; k++) {
            z = map.step(tape, z, input);
        }
        tape.backward(z, g);
        return input.grad();
    }

    /** J = ∂f/∂z at z, row i from a backward pass seeded with the i-th unit vector. */
    private static DMatrixRMaj jacobian(ContractiveMap map, DMatrixRMaj at, DMatrixRMaj x) {
        int n = at.numRows;
        DMatrixRMaj j = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            Tensor z = Tensor.parameter("z", at.copy());
            Tape tape = new Tape();
            Tensor out = map.step(tape, z, Tensor.constant(x));
            DMatrixRMaj unit = new DMatrixRMaj(n, 1);
            unit.data[i] = 1;
            tape.backward(out, unit);
            for (int c = 0; c < n; c++) {
                j.set(i, c, z.grad().data[c]);
            }
        }
        return j;
    }

    private static String vector(DMatrixRMaj v) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.data.length; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v.data[i]));
        }
        return b.append(')').toString();
    }
}
