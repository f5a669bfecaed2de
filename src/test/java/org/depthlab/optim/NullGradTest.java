package org.depthlab.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A parameter that no gradient reached is skipped, not treated as having a zero gradient: a
 * zero gradient would still decay it (AdamW, Adam-atan2), move it by momentum (SGD) and count
 * an update towards its bias correction.
 */
class NullGradTest {

    @ParameterizedTest
    @EnumSource(OptimTestSupport.Kind.class)
    void parameterWithoutGradientIsNotDecayedMovedOrCounted(OptimTestSupport.Kind kind) {
        SplittableRandom rnd = new SplittableRandom(31);
        List<Tensor> params = OptimTestSupport.randomParams(rnd, new int[][] {{2, 3}, {3, 2}});
        Tensor used = params.get(0);
        Tensor unused = params.get(1);
        Optimizer opt = kind.over(params);
        // Two steps in which both have gradients, so the unused one has momentum to spend.
        for (int t = 0; t < 2; t++) {
            OptimTestSupport.setGrad(used, OptimTestSupport.random(rnd, 2, 3));
            OptimTestSupport.setGrad(unused, OptimTestSupport.random(rnd, 3, 2));
            opt.step(0.1);
        }
        Map<String, DMatrixRMaj> stateBefore = opt.state();
        double[] unusedBefore = unused.value().data.clone();
        double[] usedBefore = used.value().data.clone();

        opt.zeroGrad();
        assertNull(unused.grad(), "zeroGrad should forget gradients, not keep zeros");
        OptimTestSupport.setGrad(used, OptimTestSupport.random(rnd, 2, 3));
        opt.step(0.1);

        assertArrayEquals(unusedBefore, unused.value().data, 0.0, kind + " changed a parameter without gradient");
        Map<String, DMatrixRMaj> stateAfter = opt.state();
        for (Map.Entry<String, DMatrixRMaj> e : stateBefore.entrySet()) {
            if (e.getKey().startsWith("p1.")) {
                assertArrayEquals(e.getValue().data, stateAfter.get(e.getKey()).data, 0.0,
                        kind + " changed " + e.getKey() + " of a parameter without gradient");
            }
        }
        assertEquals(2.0, stateAfter.get("p1.step").get(0, 0), "p1's update count");
        assertEquals(3.0, stateAfter.get("p0.step").get(0, 0), "p0's update count");
        assertTrue(!java.util.Arrays.equals(usedBefore, used.value().data), kind + " did not move p0");
    }
}
