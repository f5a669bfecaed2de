package org.depthlab.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Claims about the blocked backend: it computes the textbook sum in the textbook order (so bit
 * for bit what the three-line loop gives), it agrees with EJML, the reference, to rounding, and
 * its results do not depend on how many threads it runs on — with either of its kernels, the
 * plain loops and the Vector API tile. {@link VectorBackendTest} checks the same of the vector
 * backend, with these cases.
 */
class BlockedBackendTest {

    /** The backend on its plain-Java kernel and on its Vector API kernel (the tests have the module). */
    private static BlockedBackend[] bothKernels(int threads) {
        return new BlockedBackend[] {new BlockedBackend(threads, false), new BlockedBackend(threads, true)};
    }

    /** The six products of the {@link Backend} seam, by name, for messages. */
    enum Form {
        MULT(false, false, false), MULT_TRANS_A(true, false, false), MULT_TRANS_B(false, true, false),
        MULT_ADD(false, false, true), MULT_ADD_TRANS_A(true, false, true), MULT_ADD_TRANS_B(false, true, true);

        final boolean transA;
        final boolean transB;
        final boolean accumulate;

        Form(boolean transA, boolean transB, boolean accumulate) {
            this.transA = transA;
            this.transB = transB;
            this.accumulate = accumulate;
        }

        void run(Backend backend, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            switch (this) {
                case MULT -> backend.mult(a, b, c);
                case MULT_TRANS_A -> backend.multTransA(a, b, c);
                case MULT_TRANS_B -> backend.multTransB(a, b, c);
                case MULT_ADD -> backend.multAdd(a, b, c);
                case MULT_ADD_TRANS_A -> backend.multAddTransA(a, b, c);
                case MULT_ADD_TRANS_B -> backend.multAddTransB(a, b, c);
                default -> throw new AssertionError(this);
            }
        }
    }

    /** Operands for one form with op(A) m×k and op(B) k×n, and a C holding random values. */
    record Case(Form form, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c, int m, int k, int n) {

        static Case draw(Form form, int m, int k, int n, SplittableRandom rng) {
            DMatrixRMaj a = form.transA ? Matrices.uniform(k, m, rng) : Matrices.uniform(m, k, rng);
            DMatrixRMaj b = form.transB ? Matrices.uniform(n, k, rng) : Matrices.uniform(k, n, rng);
            return new Case(form, a, b, Matrices.uniform(m, n, rng), m, k, n);
        }

        double opA(int i, int p) {
            return form.transA ? a.get(p, i) : a.get(i, p);
        }

        double opB(int p, int j) {
            return form.transB ? b.get(j, p) : b.get(p, j);
        }

        /** C after the product on {@code backend}; the case's own C is left as drawn. */
        DMatrixRMaj on(Backend backend) {
            DMatrixRMaj out = c.copy();
            form.run(backend, a, b, out);
            return out;
        }

        /**
         * The three-line loop: c_ij (or 0) + a_i0·b_0j + a_i1·b_1j + …, left to right; each
         * step rounded twice ({@code sum + a·b}) or, {@code fused}, once ({@code Math.fma}).
         */
        DMatrixRMaj textbook(boolean fused) {
            DMatrixRMaj out = new DMatrixRMaj(m, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = form.accumulate ? c.get(i, j) : 0.0;
                    for (int p = 0; p < k; p++) {
                        sum = fused ? Math.fma(opA(i, p), opB(p, j), sum) : sum + opA(i, p) * opB(p, j);
                    }
                    out.set(i, j, sum);
                }
            }
            return out;
        }

        /** The scale a rounding error of entry (i, j) is measured against: |c_ij| + Σ_p |a_ip·b_pj|. */
        double scale(int i, int j) {
            double s = form.accumulate ? Math.abs(c.get(i, j)) : 0.0;
            for (int p = 0; p < k; p++) {
                s += Math.abs(opA(i, p) * opB(p, j));
            }
            return s;
        }

        String describe() {
            return form + " with op(A) " + m + "x" + k + ", op(B) " + k + "x" + n;
        }
    }

    static void assertBitForBit(DMatrixRMaj expected, DMatrixRMaj actual, String what) {
        for (int i = 0; i < expected.data.length; i++) {
            if (Double.doubleToLongBits(expected.data[i]) != Double.doubleToLongBits(actual.data[i])) {
                fail(what + ": entry " + i / expected.numCols + "," + i % expected.numCols + " is "
                        + actual.data[i] + ", expected exactly " + expected.data[i]);
            }
        }
    }

    /**
     * Claim: every product, overwriting or accumulating, is bit for bit the textbook loop —
     * for shapes with sizes 1 and odd, tall and wide, narrow and wide rows (every kernel).
     */
    @Test
    void everyProductIsTheTextbookLoopBitForBit() {
        BlockedBackend[] kernels = bothKernels(2);
        Props.qt(60).forAll(integers().between(1, 45), integers().between(1, 45), integers().between(1, 90),
                longs().all()).checkAssert((m, k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    for (Form form : Form.values()) {
                        Case c = Case.draw(form, m, k, n, rng);
                        for (BlockedBackend blocked : kernels) {
                            assertBitForBit(c.textbook(false), c.on(blocked), c.describe() + " on " + blocked);
                        }
                    }
                });
    }

    /**
     * Claim: the same holds across panel edges (inner size and width above 256) and for
     * products large enough to be split over threads.
     */
    @Test
    void largeProductsAreTheTextbookLoopBitForBit() {
        BlockedBackend[] kernels = bothKernels(2);
        Props.qt(6).forAll(integers().between(1, 70), integers().between(200, 530), integers().between(60, 300),
                longs().all()).checkAssert((m, k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    for (Form form : Form.values()) {
                        Case c = Case.draw(form, m, k, n, rng);
                        for (BlockedBackend blocked : kernels) {
                            assertBitForBit(c.textbook(false), c.on(blocked), c.describe() + " on " + blocked);
                        }
                    }
                });
    }

    /**
     * Claim: the blocked backend equals EJML, the reference, within 1e-12 of each entry's
     * scale |c_ij| + Σ_p |a_ip·b_pj| (the two may add in different orders; a relative error
     * measured against the result itself would be meaningless where the terms cancel).
     */
    @Test
    void blockedEqualsEjmlWithinRounding() {
        Backend blocked = Backends.blocked(2);
        Props.qt(60).forAll(integers().between(1, 80), integers().between(1, 300), integers().between(1, 80),
                longs().all()).checkAssert((m, k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    for (Form form : Form.values()) {
                        assertEqualsEjmlWithinRounding(Case.draw(form, m, k, n, rng), blocked);
                    }
                });
    }

    /** |fast − EJML| ≤ 1e-12·(|c_ij| + Σ_p |a_ip·b_pj|) for every entry. */
    static void assertEqualsEjmlWithinRounding(Case c, Backend fast) {
        DMatrixRMaj mine = c.on(fast);
        DMatrixRMaj reference = c.on(Backend.ejml());
        for (int i = 0; i < c.m(); i++) {
            for (int j = 0; j < c.n(); j++) {
                double error = Math.abs(mine.get(i, j) - reference.get(i, j));
                double bound = 1e-12 * c.scale(i, j);
                assertTrue(error <= bound, () -> c.describe() + ": " + fast.name() + " and EJML differ by "
                        + error + " at an entry whose scale allows " + bound);
            }
        }
    }

    /**
     * Claim: results are bit-identical on 1, 2 and 3 threads, and from one run to the next —
     * for products big enough to be split (by rows when C is tall, by columns when it is wide).
     */
    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Backend one = new BlockedBackend(1, false);
        BlockedBackend[] two = bothKernels(2);
        BlockedBackend[] three = bothKernels(3);
        Props.qt(12).forAll(integers().between(1, 200), integers().between(40, 200), integers().between(1, 200),
                longs().all()).checkAssert((m, k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    for (Form form : Form.values()) {
                        Case c = Case.draw(form, m, k, n, rng);
                        DMatrixRMaj alone = c.on(one);
                        for (int i = 0; i < 2; i++) {
                            String kernel = i == 0 ? ", loops" : ", simd";
                            assertBitForBit(alone, c.on(two[i]), c.describe() + " on 2 threads vs 1" + kernel);
                            assertBitForBit(alone, c.on(three[i]), c.describe() + " on 3 threads vs 1" + kernel);
                            assertBitForBit(alone, c.on(two[i]), c.describe() + " on 2 threads, second run" + kernel);
                        }
                    }
                });
    }

    /** Claim: an empty inner dimension gives C = 0, or leaves C as it was when accumulating. */
    @Test
    void emptyInnerDimensionGivesZeroOrLeavesC() {
        SplittableRandom rng = new SplittableRandom(5);
        for (Form form : Form.values()) {
            Case c = Case.draw(form, 3, 0, 4, rng);
            DMatrixRMaj out = c.on(Backends.blocked(1));
            assertBitForBit(form.accumulate ? c.c() : new DMatrixRMaj(3, 4), out, c.describe());
        }
    }

    /** Claim: a wrong output shape or an output that is also an input is refused, not reshaped. */
    @Test
    void wrongShapesAreRefused() {
        Backend blocked = Backends.blocked(1);
        DMatrixRMaj a = new DMatrixRMaj(3, 4);
        DMatrixRMaj b = new DMatrixRMaj(4, 5);
        assertThrows(IllegalArgumentException.class, () -> blocked.mult(a, b, new DMatrixRMaj(3, 4)));
        assertThrows(IllegalArgumentException.class, () -> blocked.multTransB(a, b, new DMatrixRMaj(3, 4)));
        DMatrixRMaj square = new DMatrixRMaj(4, 4);
        assertThrows(IllegalArgumentException.class, () -> blocked.multAdd(square, square, square));
    }

    /** Claim: backends are found by name; an unknown name or thread count is one clear sentence. */
    @Test
    void backendsAreChosenByName() {
        assertEquals("ejml", Backends.named("ejml").name());
        assertEquals("blocked", Backends.named(" Blocked ").name());
        assertEquals(java.util.List.of("reference", "ejml", "blocked", "vector"), Backends.names());
        BadInputException unknown = assertThrows(BadInputException.class, () -> Backends.named("cuda"));
        assertEquals("backend 'cuda' is unknown; expected one of reference, ejml, blocked, vector.", unknown.getMessage());
        assertThrows(BadInputException.class, () -> Backends.blocked(0));
        assertEquals("blocked", new Tape().backend().name());
        assertTrue(Backends.named("blocked").toString().contains("simd"),
                "with the Vector API module (the tests have it) the default runs the Vector API kernel: "
                        + Backends.named("blocked"));
    }
}
