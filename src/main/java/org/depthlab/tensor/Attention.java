package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017, §3.2) as one op, computed per
 * (sequence, head) on row and column ranges of the 2-D activations.
 *
 * <p>Rows of q, k, v are (sequence b, position p) at row b·S + p; columns are (head h,
 * feature) at h·d + f. For every sequence b and head h, with Q, K, V the S×d blocks:
 * <pre>
 *   A = Q·Kᵀ / √d + M        (M: the additive mask, 0 or −∞)
 *   P = softmax_rows(A)
 *   O = P·V
 * </pre>
 * Backward, per block, with G = ∂L/∂O:
 * <pre>
 *   ∂L/∂V = Pᵀ·G
 *   ∂L/∂P = G·Vᵀ
 *   ∂L/∂A = P ⊙ (∂L/∂P − rowsum(∂L/∂P ⊙ P))      (softmax backward)
 *   ∂L/∂Q = ∂L/∂A·K / √d,   ∂L/∂K = (∂L/∂A)ᵀ·Q / √d
 * </pre>
 * One op rather than a dozen small ones per head keeps the tape short and the cost visible:
 * FLOPs per block 4·S²·d (two products) + 5·S² (scale, mask, softmax). It keeps every P
 * (S² per sequence and head) for backward, as a plain PyTorch attention does.
 *
 * <p>The code below is these equations block by block, with two changes for speed. Sequences
 * are independent and each writes only its own rows of the output (and of the gradients), so
 * on a backend with threads they are shared out between them ({@link Parallel}); the result is
 * the same to the bit on any number of threads. And each thread reuses one set of block
 * buffers for all its (sequence, head) pairs instead of allocating them per pair.
 */
final class Attention {

    private Attention() {
    }

    static Tensor attention(Tape tape, Tensor q, Tensor k, Tensor v, int seqLen, int heads,
                            AttentionMask mask) {
        Shapes.requireSame("attention (q, k)", q, k);
        Shapes.requireSame("attention (q, v)", q, v);
        Shapes.require(heads > 0 && q.cols() % heads == 0, "attention",
                q.cols() + " columns do not split into " + heads + " heads");
        Shapes.require(seqLen > 0 && q.rows() % seqLen == 0, "attention",
                q.rows() + " rows is not a whole number of sequences of length " + seqLen);
        int s = seqLen;
        int d = q.cols() / heads;
        int sequences = q.rows() / s;
        double scale = 1.0 / Math.sqrt(d);
        double[] additive = mask.additive(s);
        Backend kernels = tape.backend();
        // Work per sequence, in multiply-adds: two S×S×d products for each head.
        long work = 2L * heads * s * s * d;

        DMatrixRMaj out = new DMatrixRMaj(q.rows(), q.cols());
        DMatrixRMaj[] probs = new DMatrixRMaj[sequences * heads];
        // Sequences are independent and each writes only its own rows of out (and its own P),
        // so they may run on the backend's threads without changing a bit of the result.
        Parallel.forRange(kernels, sequences, work, (from, to) -> {
            Blocks w = new Blocks(s, d);
            for (int b = from; b < to; b++) {
                for (int h = 0; h < heads; h++) {
                    int row = b * s;
                    int col = h * d;
                    copyBlock(q.value(), row, col, w.q);
                    copyBlock(k.value(), row, col, w.k);
                    copyBlock(v.value(), row, col, w.v);
                    kernels.multTransB(w.q, w.k, w.scores);
                    for (int i = 0; i < w.scores.data.length; i++) {
                        w.scores.data[i] *= scale;
                    }
                    DMatrixRMaj p = new DMatrixRMaj(s, s);
                    Softmax.forward(w.scores.data, 0, additive, 0, s, s, p.data, 0);
                    probs[b * heads + h] = p;
                    kernels.mult(p, w.v, w.o);
                    putBlock(w.o, out, row, col);
                }
            }
        });
        long flops = (long) sequences * heads * (4L * s * s * d + 5L * s * s);
        DMatrixRMaj[] retained = new DMatrixRMaj[probs.length + 3];
        System.arraycopy(probs, 0, retained, 0, probs.length);
        retained[probs.length] = q.value();
        retained[probs.length + 1] = k.value();
        retained[probs.length + 2] = v.value();

        return tape.record("attention", out, flops, retained, dy -> {
            // Gradient buffers are made on first use; make them here, on one thread, before the
            // sequences run concurrently. Each sequence then adds only into its own rows.
            DMatrixRMaj dq = q.requiresGrad() ? q.gradBuffer() : null;
            DMatrixRMaj dk = k.requiresGrad() ? k.gradBuffer() : null;
            DMatrixRMaj dv = v.requiresGrad() ? v.gradBuffer() : null;
            Parallel.forRange(kernels, sequences, 2 * work, (from, to) -> {
                Blocks w = new Blocks(s, d);
                for (int b = from; b < to; b++) {
                    for (int h = 0; h < heads; h++) {
                        int row = b * s;
                        int col = h * d;
                        DMatrixRMaj p = probs[b * heads + h];
                        copyBlock(dy, row, col, w.o);             // G = ∂L/∂O
                        if (dv != null) {
                            kernels.multTransA(p, w.o, w.part);   // Pᵀ·G
                            addBlock(w.part, dv, row, col);
                        }
                        if (dq == null && dk == null) {
                            continue;
                        }
                        copyBlock(v.value(), row, col, w.v);
                        kernels.multTransB(w.o, w.v, w.scores);  // ∂L/∂P = G·Vᵀ
                        w.dScores.zero();
                        Softmax.backward(p.data, 0, w.scores.data, 0, s, s, w.dScores.data, 0);
                        for (int i = 0; i < w.dScores.data.length; i++) {
                            w.dScores.data[i] *= scale;
                        }
                        if (dq != null) {
                            copyBlock(k.value(), row, col, w.k);
                            kernels.mult(w.dScores, w.k, w.part);      // ∂L/∂A·K / √d
                            addBlock(w.part, dq, row, col);
                        }
                        if (dk != null) {
                            copyBlock(q.value(), row, col, w.q);
                            kernels.multTransA(w.dScores, w.q, w.part); // (∂L/∂A)ᵀ·Q / √d
                            addBlock(w.part, dk, row, col);
                        }
                    }
                }
            });
        }, q, k, v);
    }

    /**
     * One thread's working blocks for one (sequence, head) at a time, reused across them:
     * the S×d blocks of q, k, v and an output or gradient block, and two S×S score blocks.
     */
    private static final class Blocks {
        final DMatrixRMaj q;
        final DMatrixRMaj k;
        final DMatrixRMaj v;
        final DMatrixRMaj o;
        final DMatrixRMaj part;
        final DMatrixRMaj scores;
        final DMatrixRMaj dScores;

        Blocks(int s, int d) {
            q = new DMatrixRMaj(s, d);
            k = new DMatrixRMaj(s, d);
            v = new DMatrixRMaj(s, d);
            o = new DMatrixRMaj(s, d);
            part = new DMatrixRMaj(s, d);
            scores = new DMatrixRMaj(s, s);
            dScores = new DMatrixRMaj(s, s);
        }
    }

    /**
     * dst = src[row0 : row0 + dst.rows, col0 : col0 + dst.cols]. The products run on dense
     * copies of the blocks: a copy costs S·d moves against S²·d multiply-adds, and keeps every
     * product on the {@link Backend} seam.
     */
    private static void copyBlock(DMatrixRMaj src, int row0, int col0, DMatrixRMaj dst) {
        for (int i = 0; i < dst.numRows; i++) {
            System.arraycopy(src.data, (row0 + i) * src.numCols + col0, dst.data, i * dst.numCols,
                    dst.numCols);
        }
    }

    /** dst[row0 :, col0 :] = src. */
    private static void putBlock(DMatrixRMaj src, DMatrixRMaj dst, int row0, int col0) {
        for (int i = 0; i < src.numRows; i++) {
            System.arraycopy(src.data, i * src.numCols, dst.data, (row0 + i) * dst.numCols + col0,
                    src.numCols);
        }
    }

    /** dst[row0 :, col0 :] += src. */
    private static void addBlock(DMatrixRMaj src, DMatrixRMaj dst, int row0, int col0) {
        for (int i = 0; i < src.numRows; i++) {
            int from = i * src.numCols;
            int to = (row0 + i) * dst.numCols + col0;
            for (int j = 0; j < src.numCols; j++) {
                dst.data[to + j] += src.data[from + j];
            }
        }
    }
}
