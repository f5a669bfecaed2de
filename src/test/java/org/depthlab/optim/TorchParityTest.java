package org.depthlab.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optimizers against PyTorch, step by step, in float64. The fixture
 * (src/test/resources/parity/optim.safetensors) is written by
 * benchmarks/reference/optim_fixtures.py, whose docstring lists its contents: three
 * parameters, four gradient sets (u has none at step 2), a learning rate per step.
 */
class TorchParityTest {

    /** Float64 arithmetic in a different order than PyTorch's differs by a few ulps at most. */
    private static final double TOLERANCE = 1e-12;
    private static final String[] NAMES = {"w", "b", "u"};
    private static final int STEPS = 4;

    private static Map<String, DMatrixRMaj> fixture;

    @BeforeAll
    static void readFixture() throws URISyntaxException {
        SafeTensorsFile file = SafeTensors.read(Path.of(TorchParityTest.class
                .getResource("/parity/optim.safetensors").toURI()));
        fixture = new LinkedHashMap<>();
        file.tensors().forEach((name, entry) -> fixture.put(name, entry.matrix()));
    }

    @Test
    void sgdMatchesTorchSgdStepByStep() {
        List<Tensor> params = initialParams();
        Sgd sgd = new Sgd(params, new Sgd.Config(0.9, 0.01));
        replay(sgd, params, "sgd", fixture.get("lr.sgd"));
        for (String n : NAMES) {
            assertClose("sgd.state." + n + ".momentum_buffer", fixture.get("sgd.state." + n + ".momentum_buffer"),
                    sgd.state().get(n + ".momentum_buffer"));
        }
    }

    @Test
    void adamWMatchesTorchAdamWStepByStep() {
        List<Tensor> params = initialParams();
        AdamW adamW = new AdamW(params, new AdamW.Config(0.9, 0.95, 1e-8, 0.1));
        replay(adamW, params, "adamw", fixture.get("lr.adam"));
        // The state is PyTorch's too, names and values: a checkpoint can cross over.
        Map<String, DMatrixRMaj> state = adamW.state();
        for (String n : NAMES) {
            for (String s : new String[] {"exp_avg", "exp_avg_sq", "step"}) {
                assertClose("adamw.state." + n + "." + s, fixture.get("adamw.state." + n + "." + s),
                        state.get(n + "." + s));
            }
        }
        assertEquals(3.0, state.get("u.step").get(0, 0), "u had no gradient at one of the 4 steps");
    }

    /** The released package (0.0.3): η/(1 − β1ᵗ) outside the atan2, from a transcription of its kernel. */
    @Test
    void adamAtan2MatchesTheAdamAtan2PackageUpdate() {
        List<Tensor> params = initialParams();
        replay(new AdamAtan2(params, AdamAtan2.Config.of(0.9, 0.95, 1.0)), params, "adam_atan2",
                fixture.get("lr.adam"));
    }

    /** The reverted 0.0.2 form, kept as an option: m/(1 − β1ᵗ) inside the atan2. */
    @Test
    void adamAtan2InsideMatchesThePackagesRevertedForm() {
        List<Tensor> params = initialParams();
        replay(new AdamAtan2(params, AdamAtan2.Config.of(0.9, 0.95, 1.0)
                .withBiasCorrection(AdamAtan2.BiasCorrection.INSIDE)), params, "adam_atan2_inside",
                fixture.get("lr.adam"));
    }

    @Test
    void adamAtan2WithConstantsMatchesTheGeneralForm() {
        List<Tensor> params = initialParams();
        replay(new AdamAtan2(params, new AdamAtan2.Config(0.9, 0.95, 1.0, 1.27, 2.0, AdamAtan2.BiasCorrection.OUTSIDE)), params,
                "adam_atan2_ab", fixture.get("lr.adam"));
    }

    @Test
    void clipGlobalNormMatchesTorchClipGradNorm() {
        List<Tensor> params = initialParams();
        for (Tensor p : params) {
            OptimTestSupport.setGrad(p, fixture.get("clip.in." + p.name()));
        }
        double norm = GradClip.clipGlobalNorm(params, fixture.get("clip.max_norm").get(0, 0));
        assertClose("clip.norm", fixture.get("clip.norm"), scalar(norm));
        for (Tensor p : params) {
            assertClose("clip.out." + p.name(), fixture.get("clip.out." + p.name()), p.grad());
        }
    }

    @Test
    void warmupCosineMatchesHrmSchedule() {
        DMatrixRMaj expected = fixture.get("schedule.warmup_cosine");
        WarmupCosine schedule = new WarmupCosine(1e-3, 5, 20, 0.1);
        DMatrixRMaj actual = new DMatrixRMaj(1, expected.numCols);
        for (int s = 0; s < expected.numCols; s++) {
            actual.data[s] = schedule.lr(s);
        }
        assertClose("schedule.warmup_cosine", expected, actual);
    }

    private static List<Tensor> initialParams() {
        List<Tensor> params = new ArrayList<>();
        for (String n : NAMES) {
            params.add(Tensor.parameter(n, fixture.get("init." + n).copy()));
        }
        return params;
    }

    /** Runs the fixture's four steps and compares the parameters after each. */
    private static void replay(Optimizer optimizer, List<Tensor> params, String run, DMatrixRMaj lrs) {
        for (int k = 0; k < STEPS; k++) {
            for (Tensor p : params) {
                DMatrixRMaj g = fixture.get("grad." + k + "." + p.name());
                if (g == null) {
                    p.clearGrad();
                } else {
                    OptimTestSupport.setGrad(p, g);
                }
            }
            optimizer.step(lrs.get(0, k));
            for (Tensor p : params) {
                String key = run + "." + k + "." + p.name();
                assertClose(key, fixture.get(key), p.value());
            }
        }
    }

    private static DMatrixRMaj scalar(double x) {
        DMatrixRMaj m = new DMatrixRMaj(1, 1);
        m.data[0] = x;
        return m;
    }

    /** |actual − expected| ≤ 1e-12·|expected| entry by entry (with 1e-300 for exact zeros). */
    private static void assertClose(String what, DMatrixRMaj expected, DMatrixRMaj actual) {
        assertTrue(expected != null, what + " is not in the fixture");
        assertTrue(actual != null, what + ": nothing to compare");
        assertEquals(expected.numRows + "x" + expected.numCols, actual.numRows + "x" + actual.numCols,
                what + " shape");
        for (int i = 0; i < expected.getNumElements(); i++) {
            double e = expected.data[i];
            double a = actual.data[i];
            assertTrue(Math.abs(a - e) <= TOLERANCE * Math.max(Math.abs(e), 1e-300),
                    what + " entry " + i + ": expected " + e + " (PyTorch) but got " + a);
        }
    }
}
