package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Column concat and slice: how one projection yields q, k and v (slice), and how a gate and
 * an up-projection share one matrix product (slice), or how features from two sources are put
 * side by side (concat). Backward copies gradient columns back where they came from. No FLOPs.
 */
final class Columns {

    private Columns() {
    }

    /** Y = [A | B | …] (same number of rows). Backward: each part gets its columns of ∂L/∂Y. */
    static Tensor concat(Tape tape, Tensor... parts) {
        Shapes.require(parts.length > 0, "concat", "nothing to concatenate");
        int m = parts[0].rows();
        int width = 0;
        for (Tensor p : parts) {
            Shapes.require(p.rows() == m, "concat", "row counts differ, " + m + " vs " + p.rows());
            width += p.cols();
        }
        int n = width;
        DMatrixRMaj y = new DMatrixRMaj(m, n);
        int offset = 0;
        for (Tensor p : parts) {
            copyColumns(p.value().data, p.cols(), 0, y.data, n, offset, 0, m, p.cols());
            offset += p.cols();
        }
        Tensor[] inputs = parts.clone();
        return tape.record(Cost.of("concat", 0), y, dy -> {
            int at = 0;
            for (Tensor p : inputs) {
                if (p.requiresGrad()) {
                    addColumns(dy.data, n, at, p.gradBuffer().data, p.cols(), 0, 0, m, p.cols());
                }
                at += p.cols();
            }
        }, inputs);
    }

    /** Y = X[:, from:to]. Backward: ∂L/∂X gets ∂L/∂Y in those columns, zero elsewhere. */
    static Tensor slice(Tape tape, Tensor x, int from, int to) {
        Shapes.require(0 <= from && from < to && to <= x.cols(), "slice",
                "columns [" + from + ", " + to + ") are not inside 0.." + x.cols());
        int m = x.rows();
        int n = x.cols();
        int w = to - from;
        DMatrixRMaj y = new DMatrixRMaj(m, w);
        Parallel.forRange(tape.backend(), m, w, (r0, r1) ->
                copyColumns(x.value().data, n, from, y.data, w, 0, r0, r1, w));
        return tape.record(Cost.of("slice", 0), y, dy -> {
            if (x.requiresGrad()) {
                double[] dx = x.gradBuffer().data;
                // Rows are independent: shared over the backend's threads (see Parallel).
                Parallel.forRange(tape.backend(), m, w, (r0, r1) ->
                        addColumns(dy.data, w, 0, dx, n, from, r0, r1, w));
            }
        }, x);
    }

    /** dst[i, dstCol + j] = src[i, srcCol + j] for rows i in [row0, row1), j &lt; count. */
    private static void copyColumns(double[] src, int srcWidth, int srcCol, double[] dst, int dstWidth,
                                    int dstCol, int row0, int row1, int count) {
        for (int i = row0; i < row1; i++) {
            System.arraycopy(src, i * srcWidth + srcCol, dst, i * dstWidth + dstCol, count);
        }
    }

    /** dst[i, dstCol + j] += src[i, srcCol + j] for rows i in [row0, row1), j &lt; count. */
    private static void addColumns(double[] src, int srcWidth, int srcCol, double[] dst, int dstWidth,
                                   int dstCol, int row0, int row1, int count) {
        for (int i = row0; i < row1; i++) {
            int s = i * srcWidth + srcCol;
            int d = i * dstWidth + dstCol;
            for (int j = 0; j < count; j++) {
                dst[d + j] += src[s + j];
            }
        }
    }
}
