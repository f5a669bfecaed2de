package org.depthlab.tensor;

import static org.depthlab.tensor.GradientCheck.input;
import static org.depthlab.tensor.GradientCheck.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The ops a decoder with a KV cache adds: attention of the last positions over a longer
 * prefix, RoPE at an offset, appending positions within sequences, gathering by computed ids,
 * and the choice op that carries depth from scores to the next step.
 */
class DecodingOpsTest {

    private static final double TOLERANCE = 1e-6;

    private static void assertGradient(String what, Function<Tape, Tensor> f, List<Tensor> inputs, long seed) {
        double error = relativeError(f, inputs, seed);
        assertTrue(error <= TOLERANCE, what + ": relative gradient error " + error + " (seed " + seed + ")");
    }

    /** Claim: the backward of attention with fewer queries than keys matches finite differences. */
    @Test
    void prefixAttentionBackwardMatchesFiniteDifferences() {
        Props.qt(40).forAll(integers().between(1, 4), integers().between(0, 3), integers().between(1, 2),
                longs().all()).checkAssert((queries, extra, sequences, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int keys = queries + extra;
                    int heads = 1 + rng.nextInt(2);
                    int width = heads * (1 + rng.nextInt(3));
                    AttentionMask mask = rng.nextBoolean() ? AttentionMask.causal() : AttentionMask.full();
                    Tensor q = input("q", Matrices.uniform(sequences * queries, width, rng));
                    Tensor k = input("k", Matrices.uniform(sequences * keys, width, rng));
                    Tensor v = input("v", Matrices.uniform(sequences * keys, width, rng));
                    assertGradient("attention " + queries + " of " + keys + " " + mask,
                            t -> t.attention(q, k, v, queries, keys, heads, mask), List.of(q, k, v), seed);
                });
    }

    /**
     * Claim: the last Sq rows of a causal attention over Sk positions equal attention of those
     * Sq queries over the Sk keys (what a cached step computes), to 1e-12.
     */
    @Test
    void prefixAttentionEqualsTheLastRowsOfFullAttention() {
        Props.qt(40).forAll(integers().between(1, 6), integers().between(1, 6), longs().all())
                .checkAssert((keys, queriesDrawn, seed) -> {
                    int queries = Math.min(keys, queriesDrawn);
                    SplittableRandom rng = new SplittableRandom(seed);
                    int heads = 1 + rng.nextInt(2);
                    int width = heads * 2;
                    Tensor q = Tensor.constant(Matrices.uniform(keys, width, rng));
                    Tensor k = Tensor.constant(Matrices.uniform(keys, width, rng));
                    Tensor v = Tensor.constant(Matrices.uniform(keys, width, rng));
                    Tape tape = new Tape();
                    DMatrixRMaj full = tape.attention(q, k, v, keys, heads, AttentionMask.causal()).value();
                    Tensor lastQ = tape.gather(q, lastRows(keys, queries));
                    DMatrixRMaj part = tape.attention(lastQ, k, v, queries, keys, heads, AttentionMask.causal()).value();
                    DMatrixRMaj expected = tape.gather(Tensor.constant(full), lastRows(keys, queries)).value();
                    assertTrue(Matrices.maxRelativeDifference(expected, part) <= 1e-12,
                            queries + " queries of " + keys + " keys");
                });
    }

    private static int[] lastRows(int length, int count) {
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = length - count + i;
        }
        return rows;
    }

    /** Claim: RoPE at an offset is RoPE of the whole sequence read at those rows; its backward is right. */
    @Test
    void ropeAtAnOffsetIsTheSameRotationAndHasTheRightGradient() {
        Props.qt(40).forAll(integers().between(1, 4), integers().between(0, 4), longs().all())
                .checkAssert((rows, offset, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int heads = 1 + rng.nextInt(2);
                    int d = 2 * (1 + rng.nextInt(2));
                    RopeTable table = RopeTable.of(8, d, 10000);
                    Tensor x = input("x", Matrices.uniform(rows, heads * d, rng));
                    assertGradient("rope at " + offset, t -> t.rope(x, table, rows, heads, offset), List.of(x), seed);
                    Tape tape = new Tape();
                    int length = offset + rows;
                    DMatrixRMaj padded = new DMatrixRMaj(length, heads * d);
                    System.arraycopy(x.value().data, 0, padded.data, offset * heads * d, rows * heads * d);
                    DMatrixRMaj whole = tape.rope(Tensor.constant(padded), table, length, heads).value();
                    DMatrixRMaj part = tape.rope(x, table, rows, heads, offset).value();
                    for (int i = 0; i < part.data.length; i++) {
                        assertEquals(whole.data[offset * heads * d + i], part.data[i], 0.0);
                    }
                });
    }

    @Test
    void appendPositionsInterleavesSequencesAndHasTheRightGradient() {
        Props.qt(40).forAll(integers().between(1, 3), integers().between(1, 3), integers().between(1, 3),
                longs().all()).checkAssert((aLen, bLen, sequences, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor a = input("a", Matrices.uniform(sequences * aLen, 2, rng));
                    Tensor b = input("b", Matrices.uniform(sequences * bLen, 2, rng));
                    assertGradient("appendPositions", t -> t.appendPositions(a, aLen, b, bLen), List.of(a, b), seed);
                    DMatrixRMaj y = new Tape().appendPositions(a, aLen, b, bLen).value();
                    int length = aLen + bLen;
                    for (int s = 0; s < sequences; s++) {
                        for (int p = 0; p < length; p++) {
                            double expected = p < aLen ? a.value().get(s * aLen + p, 1)
                                    : b.value().get(s * bLen + p - aLen, 1);
                            assertEquals(expected, y.get(s * length + p, 1), 0.0);
                        }
                    }
                });
    }

    @Test
    void gatherByComputedIdsHasTheGatherGradient() {
        Props.qt(40).forAll(integers().between(1, 5), integers().between(1, 5), longs().all())
                .checkAssert((rows, picks, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor table = input("table", Matrices.uniform(rows, 3, rng));
                    DMatrixRMaj ids = new DMatrixRMaj(picks, 1);
                    for (int i = 0; i < picks; i++) {
                        ids.data[i] = rng.nextInt(rows);
                    }
                    assertGradient("gather by ids", t -> t.gather(table, Tensor.constant(ids)), List.of(table), seed);
                });
    }

    /**
     * Claim: a chosen token lies one op deeper than the scores it was chosen from, and its
     * embedding deeper still — the chain that makes decoding depth grow with every token.
     * The choice carries no gradient.
     */
    @Test
    void aChoiceIsOneOpDeeperThanItsScoresAndCarriesNoGradient() {
        Tape tape = new Tape();
        Tensor w = Tensor.parameter("w", Matrices.uniform(3, 4, new SplittableRandom(1)));
        Tensor scores = tape.matmul(tape.matmul(Tensor.constant(Matrices.uniform(2, 3, new SplittableRandom(2))), w),
                Tensor.constant(Matrices.uniform(4, 4, new SplittableRandom(3))));
        Tensor chosen = tape.choose(scores, new int[] {3, 0});
        assertEquals(scores.depth() + 1, chosen.depth());
        assertFalse(chosen.requiresGrad());
        assertEquals(3.0, chosen.value().get(0, 0));
        assertEquals(chosen.depth() + 1, tape.gather(Tensor.constant(Matrices.uniform(4, 2, new SplittableRandom(4))),
                chosen).depth());
    }
}
