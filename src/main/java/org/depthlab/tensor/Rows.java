package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Row concatenation: Y = [A; B; …] stacks matrices of the same width. A gather from a stacked
 * table is how a model puts a learned extra position (HRM's puzzle-embedding prefix) in front
 * of every sequence with one op. Backward hands each part its rows of ∂L/∂Y. No FLOPs.
 */
final class Rows {

    private static final DMatrixRMaj[] NOTHING = new DMatrixRMaj[0];

    private Rows() {
    }

    static Tensor concatRows(Tape tape, Tensor... parts) {
        Shapes.require(parts.length > 0, "concatRows", "nothing to concatenate");
        int n = parts[0].cols();
        int rows = 0;
        for (Tensor p : parts) {
            Shapes.require(p.cols() == n, "concatRows", "widths differ, " + n + " vs " + p.cols());
            rows += p.rows();
        }
        DMatrixRMaj y = new DMatrixRMaj(rows, n);
        int at = 0;
        for (Tensor p : parts) {
            System.arraycopy(p.value().data, 0, y.data, at, p.value().getNumElements());
            at += p.value().getNumElements();
        }
        Tensor[] inputs = parts.clone();
        return tape.record("concat", y, 0, NOTHING, dy -> {
            int from = 0;
            for (Tensor p : inputs) {
                int size = p.value().getNumElements();
                if (p.requiresGrad()) {
                    double[] g = p.gradBuffer().data;
                    for (int i = 0; i < size; i++) {
                        g[i] += dy.data[from + i];
                    }
                }
                from += size;
            }
        }, inputs);
    }
}
