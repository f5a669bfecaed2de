package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Row gather: Y_i = X_{idx[i]}. An embedding lookup is a gather from the embedding table by
 * token id; the same op picks position 0 of every sequence (for a Q head) or broadcasts one
 * state vector to every position (all indices 0).
 *
 * <p>Backward is a scatter-add: ∂L/∂X_r = Σ_{i : idx[i] = r} ∂L/∂Y_i — a row picked twice
 * receives both gradients. No FLOPs (it only moves numbers).
 *
 * <p>The indices may also come as a tensor (a column of whole numbers), when they were
 * computed: an autoregressive decoder embeds the token it has just chosen
 * ({@link Choice}). They get no gradient, but they count as an input for depth, so the
 * embedding of a chosen token lies deeper than the scores it was chosen from.
 */
final class Gather {

    private Gather() {
    }

    static Tensor gather(Tape tape, Tensor x, int[] rows) {
        return gather(tape, x, rows, x);
    }

    static Tensor gather(Tape tape, Tensor x, Tensor indices) {
        Shapes.require(indices.cols() == 1, "gather", "indices must be one column, got " + Shapes.shape(indices));
        int[] rows = new int[indices.rows()];
        for (int i = 0; i < rows.length; i++) {
            double r = indices.value().data[i];
            if (r != Math.rint(r)) {
                throw new IllegalArgumentException("gather: index " + r + " at " + i + " is not a whole number");
            }
            rows[i] = (int) r;
        }
        return gather(tape, x, rows, x, indices);
    }

    private static Tensor gather(Tape tape, Tensor x, int[] rows, Tensor... inputs) {
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
        return tape.record(Cost.of("gather", 0), y, dy -> {
            if (x.requiresGrad()) {
                double[] dx = x.gradBuffer().data;
                for (int i = 0; i < idx.length; i++) {
                    int dst = idx[i] * n;
                    for (int j = 0; j < n; j++) {
                        dx[dst + j] += dy.data[i * n + j];
                    }
                }
            }
        }, inputs);
    }
}
