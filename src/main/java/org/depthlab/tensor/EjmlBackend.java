package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** The reference {@link Backend}: EJML's dense row-major float64 kernels, unchanged. */
final class EjmlBackend implements Backend {

    static final EjmlBackend INSTANCE = new EjmlBackend();

    private EjmlBackend() {
    }

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        CommonOps_DDRM.mult(a, b, c);
    }

    @Override
    public void multTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        CommonOps_DDRM.multTransA(a, b, c);
    }

    @Override
    public void multTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        CommonOps_DDRM.multTransB(a, b, c);
    }

    @Override
    public void multAdd(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        CommonOps_DDRM.multAdd(a, b, c);
    }

    @Override
    public void multAddTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        CommonOps_DDRM.multAddTransA(a, b, c);
    }

    @Override
    public void multAddTransB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        CommonOps_DDRM.multAddTransB(a, b, c);
    }
}
