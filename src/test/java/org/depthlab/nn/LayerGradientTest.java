package org.depthlab.nn;

import static org.depthlab.tensor.GradientCheck.input;
import static org.depthlab.tensor.GradientCheck.relativeError;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * Claim: every layer's gradient — with respect to its input and to every one of its weights —
 * equals the finite-difference gradient, for random sizes and weights, to 1e-6 relative.
 */
class LayerGradientTest {

    private static final double TOLERANCE = 1e-6;

    private static void assertGradient(String what, Function<Tape, Tensor> f, List<Tensor> inputs, long seed) {
        double error = relativeError(f, inputs, seed);
        assertTrue(error <= TOLERANCE, what + ": relative gradient error " + error + " (seed " + seed + ")");
    }

    private static List<Tensor> with(Module module, Tensor x) {
        List<Tensor> all = new ArrayList<>(module.parameters());
        all.add(x);
        return all;
    }

    private static AttentionMask randomMask(SplittableRandom rng) {
        return switch (rng.nextInt(4)) {
            case 0 -> AttentionMask.full();
            case 1 -> AttentionMask.causal();
            case 2 -> AttentionMask.local(rng.nextInt(3));
            default -> new AttentionMask(true, 1 + rng.nextInt(2));
        };
    }

    @Test
    void linearGradientsMatchWithAndWithoutBias() {
        Props.qt(30).forAll(integers().between(1, 4), integers().between(1, 5), integers().between(1, 5),
                longs().all()).checkAssert((rows, in, out, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor x = input("x", Matrices.uniform(rows, in, rng));
                    for (boolean bias : new boolean[] {false, true}) {
                        Linear linear = new Linear("lin", in, out, bias, rng);
                        if (bias) {
                            linear.parameters().get(1).value().setTo(Matrices.uniform(1, out, rng));
                        }
                        assertGradient("linear bias=" + bias, t -> linear.forward(t, x), with(linear, x), seed);
                    }
                });
    }

    @Test
    void embeddingGradientScatterAddsIntoTheTable() {
        Props.qt(30).forAll(integers().between(1, 5), integers().between(1, 4), integers().between(1, 8),
                longs().all()).checkAssert((vocab, dim, length, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Embedding embedding = new Embedding("embed", vocab, dim, 1.0, rng);
                    int[] ids = rng.ints(length, 0, vocab).toArray();
                    assertGradient("embedding", t -> embedding.forward(t, ids), embedding.parameters(), seed);
                });
    }

    @Test
    void attentionLayerGradientsMatchUnderEveryMask() {
        Props.qt(25).forAll(integers().between(1, 2), integers().between(1, 4), integers().between(1, 2),
                longs().all()).checkAssert((sequences, seqLen, heads, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int hidden = heads * 2 * (1 + rng.nextInt(2));
                    AttentionMask mask = randomMask(rng);
                    Rope rope = rng.nextBoolean() ? new Rope(hidden / heads, seqLen, Rope.DEFAULT_THETA) : null;
                    MultiHeadAttention attention = new MultiHeadAttention("attn", hidden, heads, mask, rope, rng);
                    Tensor x = input("x", Matrices.uniform(sequences * seqLen, hidden, rng));
                    assertGradient("attention " + mask, t -> attention.forward(t, x, seqLen),
                            with(attention, x), seed);
                });
    }

    @Test
    void swiGluGradientsMatch() {
        Props.qt(30).forAll(integers().between(1, 4), integers().between(1, 6), integers().between(1, 4),
                longs().all()).checkAssert((rows, hidden, expansion, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    SwiGlu mlp = new SwiGlu("mlp", hidden, expansion, rng);
                    Tensor x = input("x", Matrices.uniform(rows, hidden, rng));
                    assertGradient("swiglu", t -> mlp.forward(t, x), with(mlp, x), seed);
                });
    }

    @Test
    void rmsNormLayerGradientMatches() {
        Props.qt(30).forAll(integers().between(1, 4), integers().between(1, 6), longs().all())
                .checkAssert((rows, cols, seed) -> {
                    RmsNorm norm = new RmsNorm(RmsNorm.DEFAULT_EPS);
                    Tensor x = input("x", Matrices.uniform(rows, cols, new SplittableRandom(seed)));
                    assertGradient("rmsnorm", t -> norm.forward(t, x), List.of(x), seed);
                });
    }

    /**
     * Widths start at 2: the mixer normalises over positions and over features, and a norm
     * over a single number is ±1 with a derivative of order ε, whose central difference is
     * dominated by curvature, not by the backward being right or wrong.
     */
    @Test
    void mixerBlockGradientsMatch() {
        Props.qt(15).forAll(integers().between(1, 2), integers().between(2, 4), integers().between(2, 4),
                longs().all()).checkAssert((sequences, seqLen, hidden, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    MixerBlock block = new MixerBlock("mix", hidden, seqLen, 1 + rng.nextInt(3), 1e-5, rng);
                    Tensor x = input("x", Matrices.uniform(sequences * seqLen, hidden, rng));
                    assertGradient("mixer block", t -> block.forward(t, x, seqLen), with(block, x), seed);
                });
    }

    @Test
    void blockAndStackGradientsMatch() {
        Props.qt(12).forAll(integers().between(1, 2), integers().between(1, 4), integers().between(1, 2),
                longs().all()).checkAssert((sequences, seqLen, layers, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int heads = 1 + rng.nextInt(2);
                    int hidden = heads * 2 * (1 + rng.nextInt(2));
                    BlockConfig config = new BlockConfig(hidden, heads, 1 + rng.nextInt(3), randomMask(rng),
                            Rope.DEFAULT_THETA, seqLen, RmsNorm.DEFAULT_EPS);
                    Tensor x = input("x", Matrices.uniform(sequences * seqLen, hidden, rng));
                    Block block = new Block("block", config, rng);
                    assertGradient("block " + config.mask(), t -> block.forward(t, x, seqLen), with(block, x), seed);
                    Stack stack = new Stack("stack", layers, config, rng);
                    assertGradient("stack of " + layers, t -> stack.forward(t, x, seqLen), with(stack, x), seed);
                });
    }
}
