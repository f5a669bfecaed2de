package org.depthlab.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The two paths through the ops: the plain reference implementations (the {@code reference}
 * backend, which the book quotes) and the fast ones every other backend runs — the same
 * numbers to rounding, and the same costs for the meter. The fused ops of the fast path give
 * the bits of the ops they stand for.
 */
class ReferencePathTest {

    private static final Backend REFERENCE = Backends.choose("reference").backend();
    private static final Backend ONE = Backends.blocked(1);
    /** Three threads: rows and sequences of the larger draws are split over them. */
    private static final Backend THREE = Backends.blocked(3);

    /** An op's output, every input's gradient, and what the meter saw. */
    private record Run(List<DMatrixRMaj> matrices, Tensor out, Meter meter) {
    }

    /** Runs f on fresh copies of the inputs on {@code backend}, back-propagating a seeded gradient. */
    private static Run run(Backend backend, List<DMatrixRMaj> values, Function<Tape, Function<List<Tensor>, Tensor>> f,
                           long seed) {
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            inputs.add(Tensor.parameter("in" + i, values.get(i).copy()));
        }
        Meter meter = new Meter();
        Tape tape = new Tape(backend, meter);
        Tensor y = f.apply(tape).apply(inputs);
        tape.backward(y, Matrices.uniform(y.rows(), y.cols(), new SplittableRandom(seed)));
        List<DMatrixRMaj> out = new ArrayList<>(List.of(y.value()));
        for (Tensor t : inputs) {
            out.add(t.grad() == null ? new DMatrixRMaj(t.rows(), t.cols()) : t.grad());
        }
        return new Run(out, y, meter);
    }

    private static void assertSameCosts(Run a, Run b, String what) {
        assertEquals(a.meter().flopsByOp(), b.meter().flopsByOp(), what + ": FLOPs per op");
        assertEquals(a.meter().ops(), b.meter().ops(), what + ": ops");
        assertEquals(a.meter().bytesRetained(), b.meter().bytesRetained(), what + ": bytes kept");
        assertEquals(a.meter().maxDepth(), b.meter().maxDepth(), what + ": depth");
        assertEquals(a.out().depth(), b.out().depth(), what + ": output depth");
    }

    private static void assertClose(Run a, Run b, double tolerance, String what) {
        for (int i = 0; i < a.matrices().size(); i++) {
            double d = Matrices.maxRelativeDifference(a.matrices().get(i), b.matrices().get(i));
            int which = i;
            assertTrue(d <= tolerance, () -> what + ": matrix " + which + " (0: output, then input gradients) differs by "
                    + d);
        }
        assertSameCosts(a, b, what);
    }

    private static void assertSameBits(Run a, Run b, String what) {
        for (int i = 0; i < a.matrices().size(); i++) {
            double[] x = a.matrices().get(i).data;
            double[] y = b.matrices().get(i).data;
            for (int j = 0; j < x.length; j++) {
                assertEquals(Double.doubleToLongBits(x[j]), Double.doubleToLongBits(y[j]),
                        what + ": matrix " + i + " (0: output, then input gradients), entry " + j);
            }
        }
        assertSameCosts(a, b, what);
    }

    private static AttentionMask mask(int which, int window) {
        return switch (which) {
            case 0 -> AttentionMask.full();
            case 1 -> AttentionMask.causal();
            default -> AttentionMask.local(window);
        };
    }

    /**
     * Claim: reference attention (textbook loops per sequence and head) and the fast one agree
     * to 1e-12 forward and backward, under every mask, for full sequences and for the queries
     * of a cached decoding step, and report the same costs.
     */
    @Test
    void referenceAttentionEqualsTheFastOne() {
        Props.qt(30).forAll(integers().between(1, 9), integers().between(1, 12), integers().between(1, 3),
                longs().all()).checkAssert((sequences, keys, heads, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int d = 1 + rng.nextInt(8);
                    int queries = rng.nextBoolean() ? keys : 1 + rng.nextInt(keys);
                    AttentionMask m = mask(rng.nextInt(3), rng.nextInt(3));
                    AttentionMask mk = queries < keys ? AttentionMask.causal() : m;
                    List<DMatrixRMaj> values = List.of(Matrices.uniform(sequences * queries, heads * d, -2, 2, rng),
                            Matrices.uniform(sequences * keys, heads * d, -2, 2, rng),
                            Matrices.uniform(sequences * keys, heads * d, rng));
                    Function<Tape, Function<List<Tensor>, Tensor>> f = t -> in ->
                            t.attention(in.get(0), in.get(1), in.get(2), queries, keys, heads, mk);
                    Run reference = run(REFERENCE, values, f, seed);
                    for (Backend fast : new Backend[] {ONE, THREE}) {
                        assertClose(reference, run(fast, values, f, seed), 1e-12, "attention " + mk + ", seed " + seed);
                    }
                });
    }

    /** Claim: reference RMSNorm, softmax and SwiGLU gate equal the fast ones to 1e-12, costs included. */
    @Test
    void referenceNormSoftmaxAndGateEqualTheFastOnes() {
        Props.qt(30).forAll(integers().between(1, 300), integers().between(1, 40), longs().all())
                .checkAssert((m, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    List<DMatrixRMaj> x = List.of(Matrices.uniform(m, n, -3, 3, rng));
                    List<DMatrixRMaj> gu = List.of(Matrices.uniform(m, 2 * n, -30, 30, rng));
                    DMatrixRMaj mask = new DMatrixRMaj(m, n);
                    for (int i = 0; i < mask.data.length; i++) {
                        mask.data[i] = rng.nextInt(4) == 0 ? Double.NEGATIVE_INFINITY : 0.0;
                    }
                    List<Function<Tape, Function<List<Tensor>, Tensor>>> ops = List.of(
                            t -> in -> t.rmsNorm(in.get(0), 1e-5),
                            t -> in -> t.softmax(in.get(0), null),
                            t -> in -> t.softmax(in.get(0), mask));
                    Run refGate = run(REFERENCE, gu, t -> in -> t.swiGluGate(in.get(0), n), seed);
                    for (Backend fast : new Backend[] {ONE, THREE}) {
                        for (int i = 0; i < ops.size(); i++) {
                            assertClose(run(REFERENCE, x, ops.get(i), seed), run(fast, x, ops.get(i), seed), 1e-12,
                                    "op " + i + " (rmsNorm, softmax, masked softmax), seed " + seed);
                        }
                        assertClose(refGate, run(fast, gu, t -> in -> t.swiGluGate(in.get(0), n), seed), 1e-12,
                                "swiGluGate, seed " + seed);
                    }
                });
    }

    /**
     * Claim: on the fast path, self-attention from one projection gives the bits of
     * slice ×3, rope ×2 and attention, forward and backward, on one thread and three, and
     * reports the same ops, FLOPs, bytes and depth; on the reference path it is those ops.
     */
    @Test
    void fusedSelfAttentionEqualsTheOpsItStandsFor() {
        Props.qt(30).forAll(integers().between(1, 40), integers().between(1, 12), integers().between(1, 3),
                longs().all()).checkAssert((sequences, seqLen, heads, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int d = 2 * (1 + rng.nextInt(4));
                    int h = heads * d;
                    RopeTable table = rng.nextBoolean() ? RopeTable.of(seqLen + rng.nextInt(3), d, 10000.0) : null;
                    AttentionMask m = mask(rng.nextInt(3), rng.nextInt(3));
                    List<DMatrixRMaj> values = List.of(Matrices.uniform(sequences * seqLen, 3 * h, -2, 2, rng));
                    Function<Tape, Function<List<Tensor>, Tensor>> ops = t -> in -> {
                        Tensor q = t.slice(in.get(0), 0, h);
                        Tensor k = t.slice(in.get(0), h, 2 * h);
                        Tensor v = t.slice(in.get(0), 2 * h, 3 * h);
                        if (table != null) {
                            q = t.rope(q, table, seqLen, heads);
                            k = t.rope(k, table, seqLen, heads);
                        }
                        return t.attention(q, k, v, seqLen, heads, m);
                    };
                    Function<Tape, Function<List<Tensor>, Tensor>> fused = t -> in ->
                            t.selfAttention(in.get(0), seqLen, heads, table, m);
                    for (Backend backend : new Backend[] {ONE, THREE}) {
                        assertSameBits(run(backend, values, ops, seed), run(backend, values, fused, seed),
                                "selfAttention, rope " + (table != null) + ", " + m + ", seed " + seed);
                    }
                    assertSameBits(run(REFERENCE, values, ops, seed), run(REFERENCE, values, fused, seed),
                            "selfAttention on the reference path, seed " + seed);
                });
    }

    /** Claim: the fused residual norm gives the bits and costs of rmsNorm(add(x, a)), on both paths. */
    @Test
    void fusedResidualNormEqualsAddThenNorm() {
        Props.qt(30).forAll(integers().between(1, 600), integers().between(1, 70), longs().all())
                .checkAssert((m, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    List<DMatrixRMaj> values = List.of(Matrices.uniform(m, n, -3, 3, rng),
                            Matrices.uniform(m, n, -3, 3, rng));
                    Function<Tape, Function<List<Tensor>, Tensor>> ops = t -> in ->
                            t.rmsNorm(t.add(in.get(0), in.get(1)), 1e-5);
                    Function<Tape, Function<List<Tensor>, Tensor>> fused = t -> in ->
                            t.addRmsNorm(in.get(0), in.get(1), 1e-5);
                    for (Backend backend : new Backend[] {ONE, THREE, REFERENCE}) {
                        assertSameBits(run(backend, values, ops, seed), run(backend, values, fused, seed),
                                "addRmsNorm on " + backend + ", seed " + seed);
                    }
                });
    }

    /** Claim: the reference ops' own backwards match finite differences (they are checked, not trusted). */
    @Test
    void referenceBackwardsMatchFiniteDifferences() {
        Props.qt(20).forAll(integers().between(1, 2), integers().between(1, 5), integers().between(1, 2),
                longs().all()).checkAssert((sequences, seqLen, heads, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int d = 2 * (1 + rng.nextInt(2));
                    int rows = sequences * seqLen;
                    Tensor q = Tensor.parameter("q", Matrices.uniform(rows, heads * d, -2, 2, rng));
                    Tensor k = Tensor.parameter("k", Matrices.uniform(rows, heads * d, -2, 2, rng));
                    Tensor v = Tensor.parameter("v", Matrices.uniform(rows, heads * d, rng));
                    Tensor gu = Tensor.parameter("gu", Matrices.uniform(rows, 2 * d, -4, 4, rng));
                    AttentionMask m = mask(rng.nextInt(3), rng.nextInt(3));
                    List<String> names = List.of("attention", "rmsNorm", "softmax", "swiGluGate");
                    List<Function<Tape, Tensor>> ops = List.of(t -> t.attention(q, k, v, seqLen, heads, m),
                            t -> t.rmsNorm(q, 1e-5), t -> t.softmax(q, null), t -> t.swiGluGate(gu, d));
                    List<List<Tensor>> inputs = List.of(List.of(q, k, v), List.of(q), List.of(q), List.of(gu));
                    for (int i = 0; i < ops.size(); i++) {
                        double error = GradientCheck.relativeError(REFERENCE, ops.get(i), inputs.get(i), seed);
                        int which = i;
                        assertTrue(error <= 1e-6, () -> "reference " + names.get(which) + ": relative gradient error "
                                + error + " (seed " + seed + ")");
                    }
                });
    }
}
