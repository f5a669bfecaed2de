package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * The seam for matrix-product kernels. Every matrix product in the autograd goes through a
 * backend, so a faster implementation (a blocked CPU kernel, a GPU) can be swapped in and
 * checked against the reference, {@link EjmlBackend}, which is the default.
 *
 * <p>Each method writes into its last argument, which must already have the right shape and
 * must not alias an input (EJML's convention: the output is explicit, nothing is allocated).
 */
public interface Backend {

    /** A short name for reports, e.g. {@code "ejml"}. */
    String name();

    /** c = a·b */
    void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /** c = aᵀ·b */
    void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /** c = a·bᵀ */
    void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /** c = c + a·b */
    void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /** c = c + aᵀ·b */
    void multAddTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /** c = c + a·bᵀ */
    void multAddTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    /** The reference backend. */
    static Backend ejml() {
        return EjmlBackend.INSTANCE;
    }
}
