package org.depthlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.SplittableRandom;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * Claims about the cost of a flat stack, measured by the meter: its sequential depth is
 * proportional to the number of blocks L and does not depend on how long the sequence is,
 * while its FLOPs grow with the number of rows.
 */
class StackMeterTest {

    private static BlockConfig config(int hidden, int positions) {
        return new BlockConfig(hidden, 2, 2.0, AttentionMask.full(), Rope.DEFAULT_THETA, positions, 1e-5);
    }

    private static Tensor run(Stack stack, int rows, int seqLen, Meter meter) {
        Tape tape = Tape.metered(meter);
        Tensor x = Tensor.constant(Matrices.uniform(rows, 8, new SplittableRandom(rows)));
        return stack.forward(tape, x, seqLen);
    }

    @Test
    void flatStackDepthIsProportionalToLayersAndIndependentOfLength() {
        int perBlock = run(new Stack("s", 1, config(8, 1), new SplittableRandom(1)), 1, 1, new Meter()).depth();
        Props.qt(20).forAll(integers().between(1, 4), integers().between(1, 12), integers().between(1, 3))
                .checkAssert((layers, seqLen, sequences) -> {
                    Stack stack = new Stack("s", layers, config(8, seqLen), new SplittableRandom(layers));
                    Meter meter = new Meter();
                    Tensor y = run(stack, sequences * seqLen, seqLen, meter);
                    assertEquals(layers, y.layerDepth(), "layer depth is the number of blocks");
                    assertEquals((long) layers, meter.layers());
                    assertEquals(layers * perBlock, y.depth(), "op depth is L times one block's");
                    assertEquals(y.depth(), meter.maxDepth());
                });
    }

    /** Claim: a block's matrix-product FLOPs are 2·R·h·(4h + 3i): qkv 3h², out h², gate-up 2hi, down hi. */
    @Test
    void blockProjectionFlopsFollowTheFormula() {
        Props.qt(20).forAll(integers().between(1, 3), integers().between(1, 6), integers().between(1, 4))
                .checkAssert((heads, seqLen, expansion) -> {
                    int hidden = 4 * heads;
                    BlockConfig c = new BlockConfig(hidden, heads, expansion, AttentionMask.full(),
                            Rope.DEFAULT_THETA, seqLen, 1e-5);
                    Block block = new Block("b", c, new SplittableRandom(seqLen));
                    Meter meter = new Meter();
                    int rows = 2 * seqLen;
                    block.forward(Tape.metered(meter), Tensor.constant(Matrices.uniform(rows, hidden,
                            new SplittableRandom(heads))), seqLen);
                    long inner = SwiGlu.innerWidth(hidden, expansion);
                    assertEquals(2L * rows * hidden * (4L * hidden + 3 * inner), meter.flopsByOp().get("matmul"));
                    long d = hidden / heads;
                    assertEquals(2L * heads * (4L * seqLen * seqLen * d + 5L * seqLen * seqLen),
                            meter.flopsByOp().get("attention"));
                });
    }
}
