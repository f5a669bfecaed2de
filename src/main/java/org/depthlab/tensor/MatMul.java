package org.depthlab.tensor;


import org.ejml.data.DMatrixRMaj;

/**
 * Matrix products, the ops where almost all FLOPs of a transformer go.
 *
 * <p>Both forms are needed: {@code A·B} for attention-free maths and {@code X·Wᵀ} for a
 * linear layer whose weight is stored, as in PyTorch, as (out × in) — so weights move between
 * the two without transposing. An m×k by k×n product costs exactly 2·m·k·n FLOPs.
 */
final class MatMul {

    private MatMul() {
    }

    /**
     * Y = A·B, with A (m×k) and B (k×n).
     *
     * <p>Backward: ∂L/∂A = ∂L/∂Y · Bᵀ, ∂L/∂B = Aᵀ · ∂L/∂Y.
     */
    static Tensor matmul(Tape tape, Tensor a, Tensor b) {
        Shapes.require(a.cols() == b.rows(), "matmul", "inner sizes differ, "
                + Shapes.shape(a) + " · " + Shapes.shape(b));
        Backend kernels = tape.backend();
        DMatrixRMaj y = new DMatrixRMaj(a.rows(), b.cols());
        kernels.mult(a.value(), b.value(), y);
        long flops = 2L * a.rows() * a.cols() * b.cols();
        return tape.record(Cost.of("matmul", flops, a.value(), b.value()), y, dy -> {
            if (a.requiresGrad()) {
                kernels.multAddTransB(dy, b.value(), a.gradBuffer());
            }
            if (b.requiresGrad()) {
                kernels.multAddTransA(a.value(), dy, b.gradBuffer());
            }
        }, a, b);
    }

    /**
     * Y = A·Bᵀ, with A (m×k) and B (n×k) — a linear layer with weight B stored out × in.
     *
     * <p>Backward: ∂L/∂A = ∂L/∂Y · B, ∂L/∂B = (∂L/∂Y)ᵀ · A.
     */
    static Tensor matmulTransB(Tape tape, Tensor a, Tensor b) {
        Shapes.require(a.cols() == b.cols(), "matmulTransB", "inner sizes differ, "
                + Shapes.shape(a) + " · (" + Shapes.shape(b) + ")ᵀ");
        Backend kernels = tape.backend();
        DMatrixRMaj y = new DMatrixRMaj(a.rows(), b.rows());
        kernels.multTransB(a.value(), b.value(), y);
        long flops = 2L * a.rows() * a.cols() * b.rows();
        return tape.record(Cost.of("matmul", flops, a.value(), b.value()), y, dy -> {
            if (a.requiresGrad()) {
                kernels.multAdd(dy, b.value(), a.gradBuffer());
            }
            if (b.requiresGrad()) {
                kernels.multAddTransA(dy, a.value(), b.gradBuffer());
            }
        }, a, b);
    }
}
