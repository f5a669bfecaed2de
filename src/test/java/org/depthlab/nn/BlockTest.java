package org.depthlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Matrices;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Names, init and determinism of the layers. */
class BlockTest {

    private static final BlockConfig CONFIG = new BlockConfig(16, 2, 4.0, AttentionMask.full(),
            Rope.DEFAULT_THETA, 8, 1e-5);

    @Test
    void parametersHaveStableHrmStyleNames() {
        Stack stack = new Stack("L_level", 2, CONFIG, new SplittableRandom(1));
        List<String> names = stack.parameters().stream().map(Tensor::name).toList();
        assertEquals(List.of(
                "L_level.layers.0.self_attn.qkv_proj.weight", "L_level.layers.0.self_attn.o_proj.weight",
                "L_level.layers.0.mlp.gate_up_proj.weight", "L_level.layers.0.mlp.down_proj.weight",
                "L_level.layers.1.self_attn.qkv_proj.weight", "L_level.layers.1.self_attn.o_proj.weight",
                "L_level.layers.1.mlp.gate_up_proj.weight", "L_level.layers.1.mlp.down_proj.weight"), names);
        int inner = SwiGlu.innerWidth(16, 4.0);
        assertEquals(43, inner, "round(4·16·2/3) = round(42.67)");
        assertEquals(2 * (3 * 16 * 16 + 16 * 16 + 2 * inner * 16 + 16 * inner), stack.parameterCount());
    }

    @Test
    void sameSeedGivesTheSameBitsAndAnotherSeedDoesNot() {
        double[][] first = forwardAndBackward(42);
        double[][] again = forwardAndBackward(42);
        double[][] other = forwardAndBackward(43);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], again[i], 0.0, "bit-identical run " + i);
        }
        assertFalse(Arrays.equals(first[0], other[0]));
    }

    private static double[][] forwardAndBackward(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Block block = new Block("b", CONFIG, rng);
        Tensor x = Tensor.parameter("x", Matrices.normal(3 * 8, 16, rng));
        Tape tape = new Tape();
        Tensor y = block.forward(tape, x, 8);
        tape.backward(y, Matrices.normal(24, 16, rng));
        return new double[][] {y.value().data, x.grad().data, block.parameters().get(0).grad().data};
    }

    @Test
    void truncatedLecunNormalHasTheRequestedSpreadAndNoTails() {
        DMatrixRMaj w = Init.truncatedLecunNormal(400, 250, 100, new SplittableRandom(5));
        double sum = 0;
        double squares = 0;
        double max = 0;
        for (double v : w.data) {
            sum += v;
            squares += v * v;
            max = Math.max(max, Math.abs(v));
        }
        int n = w.data.length;
        double std = Math.sqrt(squares / n - (sum / n) * (sum / n));
        // 100,000 draws: the sample std is within 1% of 0.1 with overwhelming probability.
        assertEquals(0.1, std, 0.001, "std 1/sqrt(fan_in)");
        assertTrue(max <= 2 * 0.1 / 0.8796 + 1e-12, "no value beyond the truncation point");
    }

    @Test
    void postNormKeepsEveryRowAtUnitRootMeanSquare() {
        Block block = new Block("b", CONFIG, new SplittableRandom(3));
        Tensor x = Tensor.constant(Matrices.normal(16, 16, new SplittableRandom(4)));
        Tensor y = block.forward(new Tape(), x, 8);
        for (int r = 0; r < y.rows(); r++) {
            double squares = 0;
            for (int c = 0; c < 16; c++) {
                squares += y.get(r, c) * y.get(r, c);
            }
            assertEquals(1.0, squares / 16, 1e-4, "rms of row " + r);
        }
    }
}
