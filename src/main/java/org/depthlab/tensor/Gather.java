package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Row gather: Y_i = X_{idx[i]}. An embedding lookup is a gather from the embedding table by
 * token id; the same op picks position 0 of every sequence (for a Q head) or broadcasts one
 * state vector to every position (all indices 0).
 *
 * <p>Backward is a scatter-add: ∂L/∂X_r = Σ_{i : idx[i] = r} ∂L/∂Y_i — a row picked twice
 * receives both gradients. No FLOPs (it only moves numbers).
 */
final class Gather {

    private static final DMatrixRMaj[] NOTHING = new DMatrixRMaj[0];

    private Gather() {
    }

    static Tensor gather(Tape tape, Tensor x, int[] rows) {
        int n = x.cols();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= x.rows()) {
                throw new IndexOutOfBoundsException("gather: index " + rows[i] + " at " + i
                        + " is outside 0.." + (x.rows() - 1));
            }
        }
        int[] idx = rows.clone();
        DMatrixRMaj y = new DMatrixRMaj(idx.length, n);
        double[] v = x.value().data;
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(v, idx[i] * n, y.data, i * n, n);
        }
        return tape.record("gather", y, 0, NOTHING, dy -> {
            if (x.requiresGrad()) {
                double[] dx = x.gradBuffer().data;
                for (int i = 0; i < idx.length; i++) {
                    int dst = idx[i] * n;
                    for (int j = 0; j < n; j++) {
                        dx[dst + j] += dy.data[i * n + j];
                    }
                }
            }
        }, x);
    }
}
