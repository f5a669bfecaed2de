package org.depthlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Backend;
import org.depthlab.tensor.Backends;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.PostNormBlock;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * A block applied without recording runs as one fused pass on the fast backends (when no meter
 * listens); it must be the block's ops in every respect but speed: the same output bits, and an
 * output as deep, in ops and in layers, on any number of threads.
 */
class BlockInferenceTest {

    private static final AttentionMask[] MASKS = {AttentionMask.full(), AttentionMask.causal(),
        AttentionMask.local(1)};

    /**
     * Claim: for random shapes, masks, with and without RoPE, the fused no-grad pass gives the
     * output of the block's ops (recorded, so taken op by op) bit for bit, at the same depth
     * and layer depth — on one thread and on three.
     */
    @Test
    void aFusedNoGradBlockIsTheBlocksOps() {
        Props.qt(25).forAll(integers().between(1, 40), integers().between(1, 12), integers().between(1, 2),
                longs().all()).checkAssert((sequences, seqLen, heads, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int hidden = heads * 2 * (1 + rng.nextInt(4));
                    AttentionMask mask = MASKS[rng.nextInt(MASKS.length)];
                    double theta = rng.nextBoolean() ? Rope.DEFAULT_THETA : 0;
                    BlockConfig config = new BlockConfig(hidden, heads, 1 + rng.nextInt(4), mask, theta, seqLen, 1e-5);
                    Block block = new Block("b", config, rng);
                    Tensor x = Tensor.constant(Matrices.normal(sequences * seqLen, hidden, rng));
                    for (Backend backend : new Backend[] {Backends.blocked(1), Backends.blocked(3)}) {
                        Tensor ops = block.forward(new Tape(backend, null), x, seqLen);
                        Tape tape = new Tape(backend, null);
                        assertTrue(tape.noGrad(tape::fusesInference), "the fused pass is taken on " + backend);
                        Tensor fused = tape.noGrad(() -> block.forward(tape, x, seqLen));
                        String what = config + " on " + backend + ", seed " + seed;
                        double[] a = ops.value().data;
                        double[] b = fused.value().data;
                        for (int i = 0; i < a.length; i++) {
                            assertEquals(Double.doubleToLongBits(a[i]), Double.doubleToLongBits(b[i]),
                                    what + ": entry " + i);
                        }
                        assertEquals(ops.depth(), fused.depth(), what + ": output depth");
                        assertEquals(ops.layerDepth(), fused.layerDepth(), what + ": output layer depth");
                    }
                });
    }

    /**
     * Claim: the fused pass is refused while recording, and never taken under a meter (which
     * sees the block's ops one by one), on the reference path or on EJML.
     */
    @Test
    void theFusedPassIsOnlyForUnmeteredNoGradOnTheFastBackends() {
        Tape recording = new Tape(Backends.blocked(2), null);
        assertThrows(IllegalStateException.class, () -> recording.inferBlock(
                new PostNormBlock(null, null, null, null, 1, null, AttentionMask.full(), 1e-5), null, 1));
        Tape metered = new Tape(Backends.blocked(2), new Meter());
        assertTrue(!metered.noGrad(metered::fusesInference), "metered");
        for (String name : new String[] {"reference", "ejml"}) {
            Tape tape = new Tape(Backends.named(name), null);
            assertTrue(!tape.noGrad(tape::fusesInference), name);
        }
    }
}
