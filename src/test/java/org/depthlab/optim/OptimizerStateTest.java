package org.depthlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Saving and restoring an optimizer's memory, as a checkpoint does. */
class OptimizerStateTest {

    /**
     * Claim: export the state after k steps, import it into a fresh optimizer over copies of
     * the parameters, and the next step of both is the same bit for bit — the resumed run is
     * the run that was saved.
     */
    @Test
    void exportedStateResumesTheNextStepBitForBit() {
        Props.qt(60)
                .forAll(longs().all(), integers().between(0, 2), integers().between(0, 5))
                .checkAssert((seed, kindIndex, k) -> {
                    OptimTestSupport.Kind kind = OptimTestSupport.Kind.values()[kindIndex];
                    SplittableRandom rnd = new SplittableRandom(seed);
                    List<Tensor> params = OptimTestSupport.randomParams(rnd, OptimTestSupport.randomShapes(rnd));
                    Optimizer original = kind.over(params);
                    for (int t = 0; t < k; t++) {
                        for (Tensor p : params) {
                            // Now and then a parameter gets no gradient, so step counts differ.
                            if (rnd.nextInt(4) == 0) {
                                p.clearGrad();
                            } else {
                                OptimTestSupport.setGrad(p, OptimTestSupport.random(rnd, p.rows(), p.cols()));
                            }
                        }
                        original.step(rnd.nextDouble());
                    }
                    List<Tensor> resumedParams = OptimTestSupport.copies(params);
                    Optimizer resumed = kind.over(resumedParams);
                    resumed.loadState(original.state());

                    double lr = rnd.nextDouble();
                    for (int i = 0; i < params.size(); i++) {
                        DMatrixRMaj g = OptimTestSupport.random(rnd, params.get(i).rows(), params.get(i).cols());
                        OptimTestSupport.setGrad(params.get(i), g);
                        OptimTestSupport.setGrad(resumedParams.get(i), g);
                    }
                    original.step(lr);
                    resumed.step(lr);
                    for (int i = 0; i < params.size(); i++) {
                        assertArrayEquals(params.get(i).value().data, resumedParams.get(i).value().data, 0.0,
                                kind + ": parameter " + i + " differs after resuming at step " + k
                                        + " (seed " + seed + ")");
                    }
                    assertStatesEqual(original.state(), resumed.state());
                });
    }

    @Test
    void stateIsACopyNotAView() {
        List<Tensor> params = OptimTestSupport.randomParams(new SplittableRandom(42), new int[][] {{2, 2}});
        AdamW opt = new AdamW(params, AdamW.Config.torchDefaults());
        Map<String, DMatrixRMaj> saved = opt.state();
        OptimTestSupport.setGrad(params.get(0), OptimTestSupport.random(new SplittableRandom(1), 2, 2));
        opt.step(0.1);
        assertEquals(0.0, saved.get("p0.step").get(0, 0), "a saved state must not change with later steps");
        assertEquals(0.0, saved.get("p0.exp_avg").get(0, 0));
    }

    @ParameterizedTest
    @EnumSource(OptimTestSupport.Kind.class)
    void loadStateRejectsAMismatchingStateInOneSentenceAndKeepsItsOwn(OptimTestSupport.Kind kind) {
        List<Tensor> params = OptimTestSupport.randomParams(new SplittableRandom(43), new int[][] {{2, 3}, {1, 4}});
        Optimizer opt = kind.over(params);
        OptimTestSupport.setGrad(params.get(0), OptimTestSupport.random(new SplittableRandom(2), 2, 3));
        opt.step(0.1);
        Map<String, DMatrixRMaj> good = opt.state();
        String buffer = good.keySet().iterator().next().substring("p0.".length());

        Map<String, DMatrixRMaj> missing = new LinkedHashMap<>(good);
        missing.remove("p1.step");
        Map<String, DMatrixRMaj> extra = new LinkedHashMap<>(good);
        extra.put("p2." + buffer, new DMatrixRMaj(1, 1));
        Map<String, DMatrixRMaj> misshapen = new LinkedHashMap<>(good);
        misshapen.put("p0." + buffer, new DMatrixRMaj(3, 2));
        Map<String, DMatrixRMaj> fractionalStep = new LinkedHashMap<>(good);
        fractionalStep.put("p0.step", new DMatrixRMaj(new double[][] {{1.5}}));
        Map<String, DMatrixRMaj> negativeStep = new LinkedHashMap<>(good);
        negativeStep.put("p1.step", new DMatrixRMaj(new double[][] {{-1}}));
        // The bad entry comes last, so a loader that copied as it checked would be caught.
        Map<String, DMatrixRMaj> lateBadShape = new LinkedHashMap<>(good);
        lateBadShape.put("p1." + buffer, new DMatrixRMaj(4, 1));

        for (Map<String, DMatrixRMaj> bad : List.of(missing, extra, misshapen, fractionalStep, negativeStep,
                lateBadShape)) {
            Map<String, DMatrixRMaj> poisoned = new LinkedHashMap<>();
            bad.forEach((key, m) -> {
                DMatrixRMaj copy = m.copy();
                if (!key.endsWith(".step")) {
                    copy.fill(7.0);
                }
                poisoned.put(key, copy);
            });
            BadInputException e = assertThrows(BadInputException.class, () -> opt.loadState(poisoned));
            String message = e.getMessage();
            assertTrue(message.startsWith("optimizer state") && !message.contains("\n")
                    && message.indexOf(". ") < 0, "not one sentence: " + message);
            assertStatesEqual(good, opt.state());
        }
    }

    private static void assertStatesEqual(Map<String, DMatrixRMaj> expected, Map<String, DMatrixRMaj> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            assertArrayEquals(expected.get(key).data, actual.get(key).data, 0.0, key);
        }
    }
}
