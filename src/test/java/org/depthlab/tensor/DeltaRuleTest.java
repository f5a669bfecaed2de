package org.depthlab.tensor;

import static org.depthlab.tensor.GradientCheck.input;
import static org.depthlab.tensor.GradientCheck.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The fast-weight ops: the delta-rule write and read and the unit-length rows, each backward
 * against finite differences (random shapes, size 1 included, several writes in a row), the
 * write against the equation written out with EJML, and the write's depth and FLOPs.
 */
class DeltaRuleTest {

    private static final double TOLERANCE = 1e-6;
    private static final int EXAMPLES = 40;

    private static void assertGradient(String what, java.util.function.Function<Tape, Tensor> f, List<Tensor> inputs,
                                       long seed) {
        double error = relativeError(f, inputs, seed);
        assertTrue(error <= TOLERANCE, what + ": relative gradient error " + error + " (seed " + seed + ")");
    }

    @Test
    void writeBackwardMatchesFiniteDifferences() {
        // Claim: ∂/∂W, ∂/∂K, ∂/∂V and ∂/∂β of s sequential writes are the hand-written backward.
        Props.qt(EXAMPLES).forAll(integers().between(1, 3), integers().between(1, 4), integers().between(1, 3),
                longs().all()).checkAssert((sequences, d, slots, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor w = input("w", Matrices.uniform(sequences * d, d, rng));
                    Tensor k = input("k", Matrices.uniform(sequences * slots, d, rng));
                    Tensor v = input("v", Matrices.uniform(sequences * slots, d, rng));
                    Tensor beta = input("beta", Matrices.uniform(sequences * slots, 1, 0, 1, rng));
                    assertGradient("delta-rule write", t -> DeltaRule.write(t, w, k, v, beta, slots),
                            List.of(w, k, v, beta), seed);
                });
    }

    @Test
    void readBackwardMatchesFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 3), integers().between(1, 4), integers().between(1, 3),
                longs().all()).checkAssert((sequences, d, queries, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor w = input("w", Matrices.uniform(sequences * d, d, rng));
                    Tensor q = input("q", Matrices.uniform(sequences * queries, d, rng));
                    assertGradient("delta-rule read", t -> DeltaRule.read(t, w, q, queries), List.of(w, q), seed);
                });
    }

    @Test
    void unitRowsBackwardMatchesFiniteDifferences() {
        Props.qt(EXAMPLES).forAll(integers().between(1, 4), integers().between(1, 5), longs().all())
                .checkAssert((m, n, seed) -> {
                    Tensor x = input("x", Matrices.uniform(m, n, 0.2, 2, new SplittableRandom(seed)));
                    assertGradient("unit rows", t -> UnitRows.normalize(t, x), List.of(x), seed);
                });
    }

    @Test
    void aWholeSleepLikeChainBackwardMatchesFiniteDifferences() {
        // Write, read with normalised queries, write what was read: the ops composed as a
        // fast-weight model composes them, gradient through both writes.
        Props.qt(20).forAll(integers().between(1, 2), integers().between(2, 4), longs().all())
                .checkAssert((sequences, d, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor k = input("k", Matrices.uniform(sequences * 2, d, rng));
                    Tensor v = input("v", Matrices.uniform(sequences * 2, d, rng));
                    Tensor beta = input("beta", Matrices.uniform(sequences * 2, 1, 0, 1, rng));
                    Tensor w0 = Tensor.constant(new DMatrixRMaj(sequences * d, d));
                    assertGradient("write, read, write", t -> {
                        Tensor unit = UnitRows.normalize(t, k);
                        Tensor w = DeltaRule.write(t, w0, unit, v, beta, 2);
                        Tensor r = DeltaRule.read(t, w, UnitRows.normalize(t, v), 2);
                        return DeltaRule.write(t, w, unit, r, beta, 2);
                    }, List.of(k, v, beta), seed);
                });
    }

    @Test
    void writeIsTheEquationOneSequenceAtATime() {
        // W' = W + β(v − Wk)kᵀ, applied pair after pair, equals the op on the whole batch.
        SplittableRandom rng = new SplittableRandom(3);
        int sequences = 2;
        int d = 3;
        int slots = 2;
        DMatrixRMaj w = Matrices.uniform(sequences * d, d, rng);
        DMatrixRMaj k = Matrices.uniform(sequences * slots, d, rng);
        DMatrixRMaj v = Matrices.uniform(sequences * slots, d, rng);
        DMatrixRMaj beta = Matrices.uniform(sequences * slots, 1, 0, 1, rng);
        Tape tape = new Tape();
        DMatrixRMaj out = DeltaRule.write(tape, Tensor.constant(w), Tensor.constant(k), Tensor.constant(v),
                Tensor.constant(beta), slots).value();
        for (int s = 0; s < sequences; s++) {
            DMatrixRMaj ws = org.ejml.dense.row.CommonOps_DDRM.extract(w, s * d, s * d + d, 0, d);
            for (int i = 0; i < slots; i++) {
                int row = s * slots + i;
                DMatrixRMaj ki = org.ejml.dense.row.CommonOps_DDRM.extract(k, row, row + 1, 0, d);
                DMatrixRMaj vi = org.ejml.dense.row.CommonOps_DDRM.extract(v, row, row + 1, 0, d);
                DMatrixRMaj u = new DMatrixRMaj(1, d);
                org.ejml.dense.row.CommonOps_DDRM.multTransB(ki, ws, u); // (W k)ᵀ
                DMatrixRMaj e = new DMatrixRMaj(1, d);
                org.ejml.dense.row.CommonOps_DDRM.subtract(vi, u, e);
                DMatrixRMaj outer = new DMatrixRMaj(d, d);
                org.ejml.dense.row.CommonOps_DDRM.multTransA(e, ki, outer);
                org.ejml.dense.row.CommonOps_DDRM.addEquals(ws, beta.get(row, 0), outer);
            }
            DMatrixRMaj got = org.ejml.dense.row.CommonOps_DDRM.extract(out, s * d, s * d + d, 0, d);
            assertTrue(Matrices.maxRelativeDifference(ws, got) <= 1e-12, "sequence " + s);
        }
    }

    @Test
    void aWriteOfSPairsLiesSStepsDeeperAndCountsItsFlops() {
        Meter meter = new Meter();
        Tape tape = Tape.metered(meter);
        int sequences = 3;
        int d = 4;
        int slots = 5;
        Tensor w = Tensor.constant(new DMatrixRMaj(sequences * d, d));
        Tensor k = Tensor.constant(new DMatrixRMaj(sequences * slots, d));
        Tensor beta = Tensor.constant(new DMatrixRMaj(sequences * slots, 1));
        Tensor out = DeltaRule.write(tape, w, k, k, beta, slots);
        assertEquals(slots, out.depth());
        assertEquals(sequences * slots * (4L * d * d + 2L * d), meter.flops());
        Tensor read = DeltaRule.read(tape, out, Tensor.constant(new DMatrixRMaj(sequences * 2, d)), 2);
        assertEquals(slots + 1, read.depth());
        assertEquals(sequences * slots * (4L * d * d + 2L * d) + 2L * sequences * 2 * d * d, meter.flops());
    }

    @Test
    void unitRowsHaveLengthOne() {
        Tape tape = new Tape();
        DMatrixRMaj x = Matrices.uniform(4, 3, new SplittableRandom(5));
        DMatrixRMaj y = UnitRows.normalize(tape, Tensor.constant(x)).value();
        for (int i = 0; i < 4; i++) {
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                sum += y.get(i, j) * y.get(i, j);
            }
            assertEquals(1.0, sum, 1e-12);
        }
        assertArrayEquals(new double[3], UnitRows.normalize(tape, Tensor.constant(new DMatrixRMaj(1, 3))).value().data);
    }
}
