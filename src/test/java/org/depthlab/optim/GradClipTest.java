package org.depthlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class GradClipTest {

    /**
     * Claim: after clipping, the global norm is at most maxNorm, and every gradient is the
     * original times one common factor in (0, 1] — the direction of the whole update is kept.
     */
    @Test
    void clippingLeavesNormAtMostMaxAndDirectionUnchanged() {
        Props.qt(200)
                .forAll(longs().all(), integers().between(-6, 6))
                .checkAssert((seed, decade) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    List<Tensor> params = OptimTestSupport.randomParams(rnd, OptimTestSupport.randomShapes(rnd));
                    List<DMatrixRMaj> before = new ArrayList<>();
                    for (Tensor p : params) {
                        DMatrixRMaj g = OptimTestSupport.random(rnd, p.rows(), p.cols());
                        OptimTestSupport.setGrad(p, g);
                        before.add(g);
                    }
                    double maxNorm = rnd.nextDouble() * Math.pow(10, decade);
                    double norm = GradClip.clipGlobalNorm(params, maxNorm);
                    double after = GradClip.globalNorm(params);
                    assertTrue(after <= maxNorm, "norm " + after + " > max " + maxNorm + " (seed " + seed + ")");
                    // One factor for all: after = f · before, entry by entry, with f = after / norm.
                    double f = norm == 0 ? 1 : after / norm;
                    assertTrue(f > 0 && f <= 1, "factor " + f);
                    for (int i = 0; i < params.size(); i++) {
                        for (int j = 0; j < before.get(i).getNumElements(); j++) {
                            double expected = f * before.get(i).data[j];
                            double got = params.get(i).grad().data[j];
                            assertTrue(Math.abs(got - expected) <= 1e-14 * (Math.abs(expected) + f),
                                    "parameter " + i + " entry " + j + " is " + got + ", expected "
                                            + expected + " (seed " + seed + ")");
                        }
                    }
                });
    }

    @Test
    void gradientsWithinTheLimitAreLeftExactlyAsTheyWere() {
        SplittableRandom rnd = new SplittableRandom(52);
        List<Tensor> params = OptimTestSupport.randomParams(rnd, new int[][] {{3, 4}, {1, 5}});
        for (Tensor p : params) {
            OptimTestSupport.setGrad(p, OptimTestSupport.random(rnd, p.rows(), p.cols()));
        }
        double[] first = params.get(0).grad().data.clone();
        double norm = GradClip.globalNorm(params);
        assertEquals(norm, GradClip.clipGlobalNorm(params, norm + 1e-3));
        assertArrayEquals(first, params.get(0).grad().data, 0.0);
    }

    @Test
    void nonFiniteNormIsReturnedAndGradientsUntouched() {
        Tensor p = Tensor.parameter("p", new DMatrixRMaj(1, 3));
        Tensor q = Tensor.parameter("q", new DMatrixRMaj(1, 2));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            OptimTestSupport.setGrad(p, new DMatrixRMaj(new double[][] {{1, bad, 3}}));
            OptimTestSupport.setGrad(q, new DMatrixRMaj(new double[][] {{4, 5}}));
            double norm = GradClip.clipGlobalNorm(List.of(p, q), 1.0);
            assertTrue(Double.isNaN(bad) ? Double.isNaN(norm) : norm == Double.POSITIVE_INFINITY,
                    "norm " + norm + " for a gradient holding " + bad);
            assertArrayEquals(new double[] {4, 5}, q.grad().data, 0.0, "finite gradients must stay as they were");
        }
    }

    @Test
    void parametersWithoutGradientAreIgnored() {
        Tensor p = Tensor.parameter("p", new DMatrixRMaj(1, 2));
        Tensor none = Tensor.parameter("none", new DMatrixRMaj(1, 2));
        OptimTestSupport.setGrad(p, new DMatrixRMaj(new double[][] {{3, 4}}));
        assertEquals(5.0, GradClip.clipGlobalNorm(List.of(p, none), 1.0));
        assertNull(none.grad());
        assertEquals(1.0, GradClip.globalNorm(List.of(p)), 1e-6);
    }
}
