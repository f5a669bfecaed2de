package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Row concatenation: Y = [A; B; …] stacks matrices of the same width. A gather from a stacked
 * table is how a model puts a learned extra position (HRM's puzzle-embedding prefix) in front
 * of every sequence with one op. Backward hands each part its rows of ∂L/∂Y. No FLOPs.
 *
 * <p>{@link #appendPositions} is the same within each sequence: sequence b of the result is
 * sequence b of A (a positions) followed by sequence b of B (n positions). A decoder uses it to
 * put answer tokens after the puzzle, and a KV cache to add a step's keys to the earlier ones.
 */
final class Rows {

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
        return tape.record(Cost.of("concat", 0), y, dy -> {
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

    static Tensor appendPositions(Tape tape, Tensor a, int aLen, Tensor b, int bLen) {
        Shapes.require(a.cols() == b.cols(), "appendPositions", "widths differ, " + a.cols() + " vs " + b.cols());
        Shapes.require(aLen > 0 && bLen > 0 && a.rows() % aLen == 0 && b.rows() % bLen == 0
                        && a.rows() / aLen == b.rows() / bLen, "appendPositions",
                a.rows() + " and " + b.rows() + " rows are not the same number of sequences of " + aLen + " and "
                        + bLen + " positions");
        int n = a.cols();
        int sequences = a.rows() / aLen;
        int partA = aLen * n;
        int partB = bLen * n;
        DMatrixRMaj y = new DMatrixRMaj(a.rows() + b.rows(), n);
        for (int s = 0; s < sequences; s++) {
            int to = s * (partA + partB);
            System.arraycopy(a.value().data, s * partA, y.data, to, partA);
            System.arraycopy(b.value().data, s * partB, y.data, to + partA, partB);
        }
        return tape.record(Cost.of("append", 0), y, dy -> {
            for (int s = 0; s < sequences; s++) {
                int from = s * (partA + partB);
                if (a.requiresGrad()) {
                    double[] g = a.gradBuffer().data;
                    for (int i = 0; i < partA; i++) {
                        g[s * partA + i] += dy.data[from + i];
                    }
                }
                if (b.requiresGrad()) {
                    double[] g = b.gradBuffer().data;
                    for (int i = 0; i < partB; i++) {
                        g[s * partB + i] += dy.data[from + partA + i];
                    }
                }
            }
        }, a, b);
    }
}
