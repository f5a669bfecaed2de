package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * The reference path: matrix products as the three nested loops of their definition, and —
 * because {@link Tape#isReference()} is true on a tape with this backend — every op in its
 * plain textbook form (attention one (sequence, head) at a time, the norms and the softmax row
 * by row, no fused shortcuts). This is the code the book quotes; everything faster is tested
 * equal to it. It is the idea of llm.c's {@code matmul_forward_naive}: the slow version that is
 * obviously right, kept next to the fast one.
 *
 * <p>Each entry is summed in the textbook order, c_ij + a_i0·b_0j + a_i1·b_1j + …, one rounded
 * product and one rounded sum per step — the order {@link BlockedBackend} keeps, so the two
 * give the same products to the bit. One thread; {@code -Ddepthlab.backend=reference} runs
 * every model on it.
 */
final class ReferenceBackend implements Backend {

    static final ReferenceBackend INSTANCE = new ReferenceBackend();

    private ReferenceBackend() {
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String toString() {
        return "reference (1 thread)";
    }

    // region matmul-reference

    /**
     * C = C₀ + op(A)·op(B), entry by entry: c_ij = c₀_ij + Σ_p op(A)_ip · op(B)_pj, with the sum
     * taken p = 0, 1, …, k − 1. C₀ is C itself ({@code accumulate}) or zero.
     */
    private static void product(DMatrixRMaj a, boolean transA, DMatrixRMaj b, boolean transB,
                                DMatrixRMaj c, boolean accumulate) {
        int m = transA ? a.numCols : a.numRows;
        int k = transA ? a.numRows : a.numCols;
        int n = transB ? b.numRows : b.numCols;
        int kb = transB ? b.numCols : b.numRows;
        if (k != kb || c.numRows != m || c.numCols != n || c == a || c == b) {
            throw new IllegalArgumentException("product shapes do not fit: op(A) " + m + "x" + k
                    + ", op(B) " + kb + "x" + n + ", C " + c.numRows + "x" + c.numCols);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? c.get(i, j) : 0.0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a.get(p, i) : a.get(i, p);
                    double bpj = transB ? b.get(j, p) : b.get(p, j);
                    sum += aip * bpj;
                }
                c.set(i, j, sum);
            }
        }
    }

    // endregion

    @Override
    public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, false, b, false, c, false);
    }

    @Override
    public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, true, b, false, c, false);
    }

    @Override
    public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, false, b, true, c, false);
    }

    @Override
    public void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, false, b, false, c, true);
    }

    @Override
    public void multAddTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, true, b, false, c, true);
    }

    @Override
    public void multAddTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        product(a, false, b, true, c, true);
    }
}
