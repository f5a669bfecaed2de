package org.depthlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** What atan2 buys over ε-Adam, in both places the first bias correction can go: scale invariance and a bounded step. */
class AdamAtan2Test {

    /**
     * Claim: multiplying every gradient by c = 2^e leaves Adam-atan2's trajectory unchanged,
     * bit for bit. m scales by c, √v by c, and atan2(c·y, c·x) = atan2(y, x); with c a power
     * of two every product and square root scales exactly, so not even rounding differs.
     */
    @Test
    void adamAtan2IsInvariantToScalingAllGradientsByAPowerOfTwo() {
        Props.qt(100)
                .forAll(longs().all(), integers().between(-40, 40), integers().between(1, 6))
                .checkAssert((seed, exponent, steps) -> {
                    double c = Math.scalb(1.0, exponent);
                    DMatrixRMaj[] plain = trajectory(seed, 1.0, steps);
                    DMatrixRMaj[] scaled = trajectory(seed, c, steps);
                    for (int i = 0; i < plain.length; i++) {
                        assertArrayEquals(plain[i].data, scaled[i].data, 0.0,
                                "parameter " + i + " moved differently with gradients × 2^" + exponent
                                        + " (seed " + seed + ")");
                    }
                });
    }

    /** Claim: for any c > 0 the trajectory agrees to rounding (1e-12), whatever c's size. */
    @Test
    void adamAtan2IsInvariantToScalingAllGradientsByAnyPositiveFactor() {
        Props.qt(100)
                .forAll(longs().all(), integers().between(-8, 8), integers().between(1, 6))
                .checkAssert((seed, decade, steps) -> {
                    double c = (1 + new SplittableRandom(seed).nextDouble()) * Math.pow(10, decade);
                    DMatrixRMaj[] plain = trajectory(seed, 1.0, steps);
                    DMatrixRMaj[] scaled = trajectory(seed, c, steps);
                    for (int i = 0; i < plain.length; i++) {
                        for (int j = 0; j < plain[i].getNumElements(); j++) {
                            double x = plain[i].data[j];
                            double y = scaled[i].data[j];
                            assertTrue(Math.abs(x - y) <= 1e-12 * (Math.abs(x) + 1), "parameter " + i
                                    + " entry " + j + ": " + x + " vs " + y + " with gradients × " + c
                                    + " (seed " + seed + ")");
                        }
                    }
                });
    }

    /**
     * The contrast: AdamW is not scale invariant. Where gradients are as small as ε, the ε in
     * √v̂ + ε halves the first step (|g| / (|g| + ε) = ½ for |g| = ε); Adam-atan2's first step is
     * the same whatever |g| is: η/(1 − β1)·atan2((1 − β1)·g, |g|) = η·atan(1 − β1)/(1 − β1) in
     * the released form (about 0.997·η for β1 = 0.9), η·atan2(g, |g|) = η·π/4 in the 0.0.2 form.
     */
    @Test
    void adamWIsNotScaleInvariantWhereGradientsAreNearEps() {
        double eps = 1e-8;
        double lr = 0.1;
        double[] stepAdamW = new double[2];
        double[] stepReleased = new double[2];
        double[] stepInside = new double[2];
        double[] scales = {1.0, eps};
        for (int k = 0; k < 2; k++) {
            DMatrixRMaj g = new DMatrixRMaj(1, 1);
            g.data[0] = scales[k];
            stepAdamW[k] = firstStep(p -> new AdamW(p, new AdamW.Config(0.9, 0.999, eps, 0)), g, lr);
            AdamAtan2.Config released = AdamAtan2.Config.of(0.9, 0.999, 0);
            stepReleased[k] = firstStep(p -> new AdamAtan2(p, released), g, lr);
            stepInside[k] = firstStep(p -> new AdamAtan2(p,
                    released.withBiasCorrection(AdamAtan2.BiasCorrection.INSIDE)), g, lr);
        }
        assertTrue(Math.abs(stepAdamW[1] - 0.5 * stepAdamW[0]) < 1e-9,
                "AdamW's first step with |g| = eps should be half its step with |g| = 1: "
                        + stepAdamW[1] + " vs " + stepAdamW[0]);
        double released = lr * Math.atan(0.1) / 0.1;
        for (int k = 0; k < 2; k++) {
            assertEquals(released, stepReleased[k], 1e-12 * released,
                    "the released form's first step should be lr·atan(1 − β1)/(1 − β1) at |g| = " + scales[k]);
            assertEquals(lr * Math.PI / 4, stepInside[k], 1e-12 * lr,
                    "the 0.0.2 form's first step should be lr·π/4 at |g| = " + scales[k]);
        }
    }

    /** −(the change of a 1 × 1 parameter at 0) after one step of the optimizer with gradient g. */
    private static double firstStep(java.util.function.Function<List<Tensor>, Optimizer> make, DMatrixRMaj g,
                                    double lr) {
        Tensor p = Tensor.parameter("p", new DMatrixRMaj(1, 1));
        Optimizer opt = make.apply(List.of(p));
        OptimTestSupport.setGrad(p, g);
        opt.step(lr);
        return -p.get(0, 0);
    }

    /**
     * Claim: without weight decay, no coordinate ever moves by more than η/(1 − β1ᵗ)·a·π/2 in one
     * step (the released form's step size) or η·a·π/2 (the 0.0.2 form), however the gradients
     * jump: atan2(y, x) lies in [−π/2, π/2] for x = b·√v̂ ≥ 0. ε-Adam's m̂/√v̂ has no such bound:
     * after many small gradients a large one gives a ratio up to (1 − β1)/√(1 − β2), over 3 for
     * β = (0.9, 0.999).
     */
    @Test
    void adamAtan2StepPerCoordinateIsBoundedByItsStepSizeTimesATimesHalfPi() {
        Props.qt(100)
                .forAll(longs().all(), integers().between(1, 4), integers().between(1, 40))
                .checkAssert((seed, rows, steps) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    double a = 0.5 + rnd.nextDouble();
                    double b = 0.25 + 4 * rnd.nextDouble();
                    double beta1 = 0.99 * rnd.nextDouble();
                    double beta2 = 0.9 + 0.0999 * rnd.nextDouble();
                    AdamAtan2.BiasCorrection form = rnd.nextBoolean() ? AdamAtan2.BiasCorrection.OUTSIDE
                            : AdamAtan2.BiasCorrection.INSIDE;
                    Tensor p = Tensor.parameter("p", OptimTestSupport.random(rnd, rows, 3));
                    AdamAtan2 opt = new AdamAtan2(List.of(p), new AdamAtan2.Config(beta1, beta2, 0, a, b, form));
                    for (int t = 1; t <= steps; t++) {
                        // Gradients whose size jumps by up to twelve orders of magnitude.
                        DMatrixRMaj g = OptimTestSupport.random(rnd, rows, 3);
                        double scale = Math.pow(10, 12 * rnd.nextDouble() - 6);
                        for (int j = 0; j < g.data.length; j++) {
                            g.data[j] *= scale;
                        }
                        OptimTestSupport.setGrad(p, g);
                        DMatrixRMaj before = p.value().copy();
                        double lr = rnd.nextDouble();
                        opt.step(lr);
                        double stepSize = form == AdamAtan2.BiasCorrection.OUTSIDE
                                ? lr / (1 - StrictMath.pow(beta1, t)) : lr;
                        double bound = stepSize * a * Math.PI / 2;
                        for (int j = 0; j < g.data.length; j++) {
                            double move = Math.abs(p.value().data[j] - before.data[j]);
                            double slack = 2 * Math.ulp(Math.max(Math.abs(before.data[j]), bound));
                            assertTrue(move <= bound + slack, form + " step " + t + " moved entry " + j + " by "
                                    + move + " > step size·a·π/2 = " + bound + " (seed " + seed + ")");
                        }
                    }
                });
    }

    /** The parameters after {@code steps} Adam-atan2 updates on seeded gradients times c. */
    private static DMatrixRMaj[] trajectory(long seed, double c, int steps) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Tensor> params = OptimTestSupport.randomParams(rnd, new int[][] {{2, 3}, {1, 4}});
        AdamAtan2 opt = new AdamAtan2(params, AdamAtan2.Config.of(0.9, 0.95, 0.5));
        for (int t = 0; t < steps; t++) {
            for (Tensor p : params) {
                DMatrixRMaj g = OptimTestSupport.random(rnd, p.rows(), p.cols());
                for (int j = 0; j < g.data.length; j++) {
                    g.data[j] *= c;
                }
                OptimTestSupport.setGrad(p, g);
            }
            opt.step(1e-2 * (1 + t));
        }
        DMatrixRMaj[] out = new DMatrixRMaj[params.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = params.get(i).value().copy();
        }
        return out;
    }
}
