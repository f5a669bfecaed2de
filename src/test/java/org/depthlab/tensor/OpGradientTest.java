package org.depthlab.tensor;

import static org.depthlab.tensor.GradientCheck.input;
import static org.depthlab.tensor.GradientCheck.relativeError;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Claim: every op's hand-written backward equals its finite-difference gradient, for random
 * shapes (size 1 included) and random values, to a relative error of 1e-6.
 */
class OpGradientTest {

    private static final double TOLERANCE = 1e-6;
    private static final int EXAMPLES = 40;

    private static void assertGradient(String what, Function<Tape, Tensor> f, List<Tensor> inputs, long seed) {
        double error = relativeError(f, inputs, seed);
        assertTrue(error <= TOLERANCE, what + ": relative gradient error " + error + " (seed " + seed + ")");
    }

    private static Tensor uniform(String name, int rows, int cols, SplittableRandom rng) {
        return input(name, Matrices.uniform(rows, cols, rng));
    }

    @Test
    void matmulBackwardMatchesFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 5), integers().between(1, 5), integers().between(1, 5),
                longs().all()).checkAssert((m, k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor a = uniform("a", m, k, rng);
                    Tensor b = uniform("b", k, n, rng);
                    assertGradient("matmul", t -> t.matmul(a, b), List.of(a, b), seed);
                });
    }

    @Test
    void matmulTransBBackwardMatchesFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 5), integers().between(1, 5), integers().between(1, 5),
                longs().all()).checkAssert((m, k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor a = uniform("a", m, k, rng);
                    Tensor b = uniform("b", n, k, rng);
                    assertGradient("matmulTransB", t -> t.matmulTransB(a, b), List.of(a, b), seed);
                });
    }

    @Test
    void addMulAndScaleBackwardsMatchFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 5), integers().between(1, 5), longs().all())
                .checkAssert((m, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor a = uniform("a", m, n, rng);
                    Tensor b = uniform("b", m, n, rng);
                    Tensor row = uniform("row", 1, n, rng);
                    double c = rng.nextDouble(-3, 3);
                    assertGradient("add", t -> t.add(a, b), List.of(a, b), seed);
                    assertGradient("addRow", t -> t.addRow(a, row), List.of(a, row), seed);
                    assertGradient("mul", t -> t.mul(a, b), List.of(a, b), seed);
                    assertGradient("mul (same input twice)", t -> t.mul(a, a), List.of(a), seed);
                    assertGradient("scale", t -> t.scale(a, c), List.of(a), seed);
                });
    }

    @Test
    void sumAndMeanBackwardsMatchFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 5), integers().between(1, 5), longs().all())
                .checkAssert((m, n, seed) -> {
                    Tensor a = uniform("a", m, n, new SplittableRandom(seed));
                    assertGradient("sum", t -> t.sum(a), List.of(a), seed);
                    assertGradient("mean", t -> t.mean(a), List.of(a), seed);
                });
    }

    @Test
    void pointwiseBackwardsMatchFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 5), integers().between(1, 5), longs().all())
                .checkAssert((m, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor a = input("a", Matrices.uniform(m, n, -4, 4, rng));
                    Tensor positive = input("p", Matrices.uniform(m, n, 0.2, 5, rng));
                    assertGradient("exp", t -> t.exp(a), List.of(a), seed);
                    assertGradient("log", t -> t.log(positive), List.of(positive), seed);
                    assertGradient("sigmoid", t -> t.sigmoid(a), List.of(a), seed);
                    assertGradient("silu", t -> t.silu(a), List.of(a), seed);
                });
    }

    @Test
    void swiGluGateBackwardMatchesFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 5), integers().between(1, 4), longs().all())
                .checkAssert((m, inner, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor gu = input("gu", Matrices.uniform(m, 2 * inner, -4, 4, rng));
                    assertGradient("swiGluGate", t -> t.swiGluGate(gu, inner), List.of(gu), seed);
                });
    }

    @Test
    void maskedSoftmaxBackwardMatchesFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 5), integers().between(1, 6), longs().all())
                .checkAssert((m, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor a = input("a", Matrices.uniform(m, n, -3, 3, rng));
                    DMatrixRMaj mask = new DMatrixRMaj(m, n);
                    for (int i = 0; i < m; i++) {
                        int keep = rng.nextInt(n);
                        for (int j = 0; j < n; j++) {
                            mask.set(i, j, j != keep && rng.nextBoolean() ? Double.NEGATIVE_INFINITY : 0.0);
                        }
                    }
                    assertGradient("softmax", t -> t.softmax(a, null), List.of(a), seed);
                    assertGradient("masked softmax", t -> t.softmax(a, mask), List.of(a), seed);
                });
    }

    @Test
    void rmsNormBackwardMatchesFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 5), integers().between(1, 8), longs().all())
                .checkAssert((m, n, seed) -> {
                    Tensor a = input("a", Matrices.uniform(m, n, -2, 2, new SplittableRandom(seed)));
                    assertGradient("rmsNorm", t -> t.rmsNorm(a, 1e-5), List.of(a), seed);
                });
    }

    @Test
    void ropeBackwardMatchesFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 3), integers().between(1, 4), integers().between(1, 3),
                longs().all()).checkAssert((sequences, seqLen, heads, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int d = 2 * (1 + rng.nextInt(3));
                    RopeTable table = RopeTable.of(seqLen + rng.nextInt(3), d, 10000.0);
                    Tensor a = uniform("a", sequences * seqLen, heads * d, rng);
                    assertGradient("rope", t -> t.rope(a, table, seqLen, heads), List.of(a), seed);
                });
    }

    @Test
    void gatherBackwardScatterAddsRepeatedRows() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 5), integers().between(1, 4), integers().between(1, 7),
                longs().all()).checkAssert((rows, cols, picks, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor a = uniform("a", rows, cols, rng);
                    int[] idx = rng.ints(picks, 0, rows).toArray();
                    assertGradient("gather", t -> t.gather(a, idx), List.of(a), seed);
                });
    }

    @Test
    void concatAndSliceBackwardsMatchFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 4), integers().between(1, 4), integers().between(1, 4),
                longs().all()).checkAssert((m, n1, n2, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor a = uniform("a", m, n1, rng);
                    Tensor b = uniform("b", m, n2, rng);
                    int from = rng.nextInt(n1 + n2);
                    int to = from + 1 + rng.nextInt(n1 + n2 - from);
                    assertGradient("concat", t -> t.concat(a, b, a), List.of(a, b), seed);
                    assertGradient("slice", t -> t.slice(t.concat(a, b), from, to), List.of(a, b), seed);
                    Tensor c = uniform("c", n2, n1, rng);
                    assertGradient("concatRows", t -> t.concatRows(a, c, a), List.of(a, c), seed);
                });
    }

    @Test
    void transposeWithinSequencesBackwardMatchesFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 3), integers().between(1, 4), integers().between(1, 4),
                longs().all()).checkAssert((sequences, seqLen, width, seed) -> {
                    Tensor a = uniform("a", sequences * seqLen, width, new SplittableRandom(seed));
                    assertGradient("transposeWithinSequences", t -> t.transposeWithinSequences(a, seqLen),
                            List.of(a), seed);
                    assertGradient("transpose there and back",
                            t -> t.transposeWithinSequences(t.transposeWithinSequences(a, seqLen), width),
                            List.of(a), seed);
                });
    }

    @Test
    void attentionBackwardMatchesFiniteDifferencesUnderEveryMask() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 2), integers().between(1, 5), integers().between(1, 2),
                longs().all()).checkAssert((sequences, seqLen, heads, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int d = 1 + rng.nextInt(3);
                    int rows = sequences * seqLen;
                    Tensor q = input("q", Matrices.uniform(rows, heads * d, -2, 2, rng));
                    Tensor k = input("k", Matrices.uniform(rows, heads * d, -2, 2, rng));
                    Tensor v = uniform("v", rows, heads * d, rng);
                    for (AttentionMask mask : List.of(AttentionMask.full(), AttentionMask.causal(),
                            AttentionMask.local(rng.nextInt(3)), new AttentionMask(true, 1))) {
                        assertGradient("attention " + mask,
                                t -> t.attention(q, k, v, seqLen, heads, mask), List.of(q, k, v), seed);
                    }
                });
    }

    @Test
    void crossEntropyBackwardsMatchFiniteDifferencesAndIgnorePadRows() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 6), integers().between(1, 6), longs().all())
                .checkAssert((m, classes, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor logits = input("logits", Matrices.uniform(m, classes, -4, 4, rng));
                    int ignore = -100;
                    int[] targets = new int[m];
                    for (int i = 0; i < m; i++) {
                        targets[i] = rng.nextInt(4) == 0 ? ignore : rng.nextInt(classes);
                    }
                    assertGradient("softmax cross-entropy",
                            t -> t.softmaxCrossEntropy(logits, targets, ignore), List.of(logits), seed);
                    assertGradient("stablemax cross-entropy",
                            t -> t.stablemaxCrossEntropy(logits, targets, ignore), List.of(logits), seed);
                    DMatrixRMaj labels = Matrices.uniform(m, classes, 0, 1, rng);
                    assertGradient("binary cross-entropy",
                            t -> t.binaryCrossEntropyWithLogits(logits, labels), List.of(logits), seed);
                });
    }
}
