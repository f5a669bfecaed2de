package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Rotary position embedding applied to queries or keys: for every row (position
 * p = offset + row mod seqLen), every head, and every pair (i, i + d/2) of that head's d columns,
 * <pre>
 *   y_i       = x_i·cos(pω_i) − x_{i+d/2}·sin(pω_i)
 *   y_{i+d/2} = x_i·sin(pω_i) + x_{i+d/2}·cos(pω_i)
 * </pre>
 * Backward applies the transposed rotation (the rotation by −pω_i) to the output gradient.
 * Because both q and k are rotated, q_p·k_s depends on p − s only. FLOPs: 3 per entry.
 *
 * <p>The offset is 0 for a whole sequence; a decoding step with a KV cache rotates only its new
 * rows, which sit at positions offset, offset + 1, … of the sequence.
 */
final class Rotary {

    private Rotary() {
    }

    static Tensor rope(Tape tape, Tensor x, RopeTable table, int seqLen, int heads, int offset) {
        int d = table.headDim();
        Shapes.require(x.cols() == heads * d, "rope", "input has " + x.cols() + " columns, expected "
                + heads + " heads x " + d);
        Shapes.require(seqLen > 0 && x.rows() % seqLen == 0, "rope",
                x.rows() + " rows is not a whole number of sequences of length " + seqLen);
        Shapes.require(offset >= 0 && offset + seqLen <= table.positions(), "rope", "positions " + offset + ".."
                + (offset + seqLen - 1) + " exceed the table's " + table.positions() + " positions");
        DMatrixRMaj y = new DMatrixRMaj(x.rows(), x.cols());
        // Rows rotate independently: shared over the backend's threads (see Parallel).
        Parallel.forRange(tape.backend(), x.rows(), x.cols(), (from, to) ->
                rotate(x.value().data, y.data, from, to, seqLen, offset, heads, table, +1));
        // The table is shared and constant; the backward keeps nothing of its own.
        return tape.record(Cost.of("rope", 3L * x.value().getNumElements()), y, dy -> {
            if (x.requiresGrad()) {
                double[] dx = x.gradBuffer().data;
                Parallel.forRange(tape.backend(), x.rows(), x.cols(), (from, to) ->
                        rotateAdd(dy.data, dx, from, to, seqLen, offset, heads, table));
            }
        }, x);
    }

    /** out = R(±angle)·in for rows [from, to), pair by pair; direction −1 is the transpose. */
    private static void rotate(double[] in, double[] out, int from, int to, int seqLen, int offset, int heads,
                               RopeTable table, int direction) {
        int d = table.headDim();
        int half = d / 2;
        int width = heads * d;
        for (int row = from; row < to; row++) {
            int p = offset + row % seqLen;
            for (int h = 0; h < heads; h++) {
                int base = row * width + h * d;
                for (int i = 0; i < half; i++) {
                    double c = table.cos()[p * half + i];
                    double s = direction * table.sin()[p * half + i];
                    double a = in[base + i];
                    double b = in[base + i + half];
                    out[base + i] = a * c - b * s;
                    out[base + i + half] = a * s + b * c;
                }
            }
        }
    }

    /**
     * out += R(−angle)·in for rows [from, to): the backward rotation added straight into the
     * gradient, which saves a temporary matrix and a pass over it.
     */
    private static void rotateAdd(double[] in, double[] out, int from, int to, int seqLen, int offset, int heads,
                                  RopeTable table) {
        int d = table.headDim();
        int half = d / 2;
        int width = heads * d;
        for (int row = from; row < to; row++) {
            int p = offset + row % seqLen;
            for (int h = 0; h < heads; h++) {
                int base = row * width + h * d;
                for (int i = 0; i < half; i++) {
                    double c = table.cos()[p * half + i];
                    double s = -table.sin()[p * half + i];
                    double a = in[base + i];
                    double b = in[base + i + half];
                    out[base + i] += a * c - b * s;
                    out[base + i + half] += a * s + b * c;
                }
            }
        }
    }
}
