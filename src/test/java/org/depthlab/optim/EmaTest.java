package org.depthlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class EmaTest {

    /**
     * Claim: after k ≥ 1 updates over weights p₁ … p_k, the bias-corrected shadow is
     * Σⱼ (1 − μ)·μ^(k−j)·pⱼ / (1 − μᵏ) (to rounding) — p₀ has no weight at all.
     */
    @Test
    void theBiasCorrectedEmaIsTheNormalisedAverageOfTheUpdatesWeights() {
        Props.qt(100)
                .forAll(longs().all(), integers().between(1, 30))
                .checkAssert((seed, k) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    double mu = 0.999 * rnd.nextDouble();
                    Tensor p = Tensor.parameter("p", OptimTestSupport.random(rnd, 2, 3));
                    List<DMatrixRMaj> history = new ArrayList<>();
                    history.add(p.value().copy());
                    Ema ema = new Ema(List.of(p), mu);
                    for (int j = 1; j <= k; j++) {
                        p.value().setTo(OptimTestSupport.random(rnd, 2, 3));
                        history.add(p.value().copy());
                        ema.update();
                    }
                    DMatrixRMaj shadow = ema.state().get("p");
                    for (int e = 0; e < 6; e++) {
                        double expected = 0;
                        for (int j = 1; j <= k; j++) {
                            expected += (1 - mu) * Math.pow(mu, k - j) * history.get(j).data[e];
                        }
                        expected /= 1 - Math.pow(mu, k);
                        assertEquals(expected, shadow.data[e], 1e-12,
                                "entry " + e + " after " + k + " updates with μ = " + mu + " (seed " + seed + ")");
                    }
                    assertEquals((long) k, ema.updates());
                });
    }

    /**
     * Claim: TRM's μ = 0.999 average after a short run holds the trained weights when
     * bias-corrected — after one update exactly p₁ — while TRM's uncorrected one is still
     * 0.999ᵏ the initial weights (the contrast: a short TRM run used to evaluate mostly p₀).
     */
    @Test
    void aShortRunsCorrectedAverageIsTheTrainedWeightsNotTheInitialOnes() {
        Tensor p = Tensor.parameter("p", new DMatrixRMaj(1, 1));
        Tensor q = Tensor.parameter("q", new DMatrixRMaj(1, 1));
        Ema corrected = new Ema(List.of(p), 0.999);
        Ema trm = Ema.uncorrected(List.of(q), 0.999);
        for (int k = 1; k <= 100; k++) {
            p.value().set(0, 0, 1.0);   // p₀ = 0, every later weight 1
            q.value().set(0, 0, 1.0);
            corrected.update();
            trm.update();
            if (k == 1) {
                assertEquals(1.0, corrected.state().get("p").get(0, 0), 0.0, "after one update s = p₁");
            }
        }
        assertEquals(1.0, corrected.state().get("p").get(0, 0), 1e-12);
        assertEquals(1 - Math.pow(0.999, 100), trm.state().get("q").get(0, 0), 1e-12,
                "TRM's average after 100 updates is 90% the initial weights");
        assertTrue(corrected.describe().contains("100 updates, bias-corrected"), corrected.describe());
    }

    /**
     * Claim: TRM's uncorrected average after k updates over weights p₁ … p_k is
     * μᵏ·p₀ + (1 − μ)·Σⱼ μ^(k−j)·pⱼ (to rounding).
     */
    @Test
    void trmsUncorrectedEmaEqualsTheClosedFormAfterKUpdates() {
        Props.qt(100)
                .forAll(longs().all(), integers().between(0, 30))
                .checkAssert((seed, k) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    double mu = rnd.nextDouble();
                    Tensor p = Tensor.parameter("p", OptimTestSupport.random(rnd, 2, 3));
                    List<DMatrixRMaj> history = new ArrayList<>();
                    history.add(p.value().copy());
                    Ema ema = Ema.uncorrected(List.of(p), mu);
                    for (int j = 1; j <= k; j++) {
                        p.value().setTo(OptimTestSupport.random(rnd, 2, 3));
                        history.add(p.value().copy());
                        ema.update();
                    }
                    DMatrixRMaj shadow = ema.state().get("p");
                    for (int e = 0; e < 6; e++) {
                        double expected = Math.pow(mu, k) * history.get(0).data[e];
                        for (int j = 1; j <= k; j++) {
                            expected += (1 - mu) * Math.pow(mu, k - j) * history.get(j).data[e];
                        }
                        assertEquals(expected, shadow.data[e], 1e-13,
                                "entry " + e + " after " + k + " updates with μ = " + mu + " (seed " + seed + ")");
                    }
                });
    }

    @Test
    void evaluationWithShadowWeightsSeesTheAverageAndTrainingKeepsTheRawWeights() {
        SplittableRandom rnd = new SplittableRandom(72);
        List<Tensor> params = OptimTestSupport.randomParams(rnd, new int[][] {{2, 2}, {1, 3}});
        Ema ema = new Ema(params, 0.9);
        for (Tensor p : params) {
            p.value().setTo(OptimTestSupport.random(rnd, p.rows(), p.cols()));
        }
        ema.update();
        double[] raw = params.get(0).value().data.clone();
        double[] average = ema.state().get("p0").data.clone();

        double[] seen = ema.withShadowWeights(() -> params.get(0).value().data.clone());

        assertArrayEquals(average, seen, 0.0, "inside, the parameters hold the average");
        assertArrayEquals(raw, params.get(0).value().data, 0.0, "afterwards, the raw weights are back");
        assertArrayEquals(average, ema.state().get("p0").data, 0.0, "and the average is unchanged");
        assertFalse(ema.isSwapped());
    }

    @Test
    void stateWhileSwappedIsStillTheAverageAndUpdateIsRefused() {
        SplittableRandom rnd = new SplittableRandom(73);
        List<Tensor> params = OptimTestSupport.randomParams(rnd, new int[][] {{2, 2}});
        Ema ema = new Ema(params, 0.5);
        params.get(0).value().setTo(OptimTestSupport.random(rnd, 2, 2));
        ema.update();
        double[] average = ema.state().get("p0").data.clone();
        ema.swap();
        assertTrue(ema.isSwapped());
        assertArrayEquals(average, ema.state().get("p0").data, 0.0);
        assertThrows(IllegalStateException.class, ema::update);
        ema.swap();
    }

    @Test
    void stateRoundTripsAndAMismatchIsBadInput() {
        SplittableRandom rnd = new SplittableRandom(74);
        List<Tensor> params = OptimTestSupport.randomParams(rnd, new int[][] {{2, 2}, {1, 3}});
        Ema ema = new Ema(params, 0.999);
        params.get(1).value().setTo(OptimTestSupport.random(rnd, 1, 3));
        ema.update();
        Map<String, DMatrixRMaj> saved = ema.state();

        Ema restored = new Ema(OptimTestSupport.copies(params), 0.999);
        restored.loadState(saved, ema.updates());
        assertArrayEquals(saved.get("p1").data, restored.state().get("p1").data, 0.0);
        assertEquals(1, restored.updates());

        Map<String, DMatrixRMaj> misshapen = new LinkedHashMap<>(saved);
        misshapen.put("p1", new DMatrixRMaj(3, 1));
        Map<String, DMatrixRMaj> missing = new LinkedHashMap<>(saved);
        missing.remove("p0");
        Map<String, DMatrixRMaj> extra = new LinkedHashMap<>(saved);
        extra.put("p9", new DMatrixRMaj(1, 1));
        for (Map<String, DMatrixRMaj> bad : List.of(misshapen, missing, extra)) {
            assertThrows(BadInputException.class, () -> restored.loadState(bad, 1));
        }
        assertArrayEquals(saved.get("p1").data, restored.state().get("p1").data, 0.0);
        assertThrows(BadInputException.class, () -> restored.loadState(saved, -1));
        assertThrows(BadInputException.class, () -> new Ema(params, 1.5));
        assertThrows(BadInputException.class, () -> new Ema(params, 1.0), "μ = 1 has no bias correction");
    }
}
