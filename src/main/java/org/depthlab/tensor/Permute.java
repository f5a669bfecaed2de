package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Transpose within each sequence: the (positions × features) block of every sequence becomes
 * (features × positions). Rows of the input are (sequence b, position p) at b·S + p; rows of
 * the output are (sequence b, feature c) at b·h + c:
 * <pre>
 *   Y[b·h + c, p] = X[b·S + p, c]
 * </pre>
 * It lets a layer that mixes features act across positions instead — TRM's MLP-mixer variant
 * applies a SwiGLU to each feature's column of positions (Tolstikhin et al. 2021, "MLP-Mixer",
 * arXiv 2105.01601). Backward is the inverse permutation. No FLOPs.
 */
final class Permute {

    private Permute() {
    }

    static Tensor transposeWithinSequences(Tape tape, Tensor x, int seqLen) {
        Shapes.require(seqLen > 0 && x.rows() % seqLen == 0, "transposeWithinSequences",
                x.rows() + " rows is not a whole number of sequences of length " + seqLen);
        int sequences = x.rows() / seqLen;
        int h = x.cols();
        DMatrixRMaj y = new DMatrixRMaj(sequences * h, seqLen);
        swap(x.value().data, y.data, sequences, seqLen, h);
        return tape.record(Cost.of("transpose", 0), y, dy -> {
            if (x.requiresGrad()) {
                DMatrixRMaj dx = new DMatrixRMaj(x.rows(), h);
                swap(dy.data, dx.data, sequences, h, seqLen);
                Arithmetic.accumulate(x, dx.data);
            }
        }, x);
    }

    /** out[b·cols + c, p] = in[b·rows + p, c] for blocks of rows × cols. */
    private static void swap(double[] in, double[] out, int sequences, int rows, int cols) {
        for (int b = 0; b < sequences; b++) {
            int base = b * rows * cols;
            for (int p = 0; p < rows; p++) {
                for (int c = 0; c < cols; c++) {
                    out[base + c * rows + p] = in[base + p * cols + c];
                }
            }
        }
    }
}
