package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017, §3.2) as one op, computed per
 * (sequence, head) on row and column ranges of the 2-D activations.
 *
 * <p>Rows of q are (sequence b, query i) at row b·Sq + i, rows of k and v (sequence b, key j)
 * at row b·Sk + j; columns are (head h, feature) at h·d + f. For every sequence b and head h,
 * with Q the Sq×d block and K, V the Sk×d blocks:
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
 * Usually Sq = Sk = S: every position attends within its sequence. With Sq &lt; Sk the queries
 * are the <em>last</em> Sq positions of a sequence of Sk (query i sits at position
 * Sk − Sq + i): a decoding step with a KV cache, where only the new positions are computed and
 * the keys and values of the earlier ones are reused (see {@link AttentionMask#additive(int, int)}).
 *
 * <p>One op rather than a dozen small ones per head keeps the tape short and the cost visible:
 * FLOPs per block 4·Sq·Sk·d (two products) + 5·Sq·Sk (scale, mask, softmax). So a full pass
 * over S positions costs S² per head and layer, and one cached step at position t costs t + 1 —
 * the difference the decoder's cost test measures. It keeps every P (Sq·Sk per sequence and
 * head) for backward, as a plain PyTorch attention does.
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
        Shapes.require(seqLen > 0 && q.rows() % seqLen == 0, "attention",
                q.rows() + " rows is not a whole number of sequences of length " + seqLen);
        return attention(tape, q, k, v, seqLen, seqLen, heads, mask);
    }

    static Tensor attention(Tape tape, Tensor q, Tensor k, Tensor v, int queries, int keys, int heads,
                            AttentionMask mask) {
        Shapes.requireSame("attention (k, v)", k, v);
        Shapes.require(q.cols() == k.cols(), "attention", "q has " + q.cols() + " columns, k has " + k.cols());
        Shapes.require(heads > 0 && q.cols() % heads == 0, "attention",
                q.cols() + " columns do not split into " + heads + " heads");
        Shapes.require(queries > 0 && queries <= keys && q.rows() % queries == 0 && k.rows() % keys == 0
                        && q.rows() / queries == k.rows() / keys, "attention",
                q.rows() + " query rows and " + k.rows() + " key rows are not the same number of sequences of "
                        + queries + " queries and " + keys + " keys");
        int sq = queries;
        int sk = keys;
        int d = q.cols() / heads;
        int sequences = q.rows() / sq;
        double scale = 1.0 / Math.sqrt(d);
        double[] additive = mask.additive(sq, sk);
        Backend kernels = tape.backend();
        // Work per sequence, in multiply-adds: two Sq×Sk×d products for each head.
        long work = 2L * heads * sq * sk * d;

        DMatrixRMaj out = new DMatrixRMaj(q.rows(), q.cols());
        DMatrixRMaj[] probs = new DMatrixRMaj[sequences * heads];
        // Sequences are independent and each writes only its own rows of out (and its own P),
        // so they may run on the backend's threads without changing a bit of the result.
        Parallel.forRange(kernels, sequences, work, (from, to) -> {
            Blocks w = new Blocks(sq, sk, d);
            for (int b = from; b < to; b++) {
                for (int h = 0; h < heads; h++) {
                    int qRow = b * sq;
                    int kRow = b * sk;
                    int col = h * d;
                    copyBlock(q.value(), qRow, col, w.q);
                    copyBlock(k.value(), kRow, col, w.k);
                    copyBlock(v.value(), kRow, col, w.v);
                    kernels.multTransB(w.q, w.k, w.scores);
                    for (int i = 0; i < w.scores.data.length; i++) {
                        w.scores.data[i] *= scale;
                    }
                    DMatrixRMaj p = new DMatrixRMaj(sq, sk);
                    Softmax.forward(w.scores.data, 0, additive, 0, sq, sk, p.data, 0);
                    probs[b * heads + h] = p;
                    kernels.mult(p, w.v, w.o);
                    putBlock(w.o, out, qRow, col);
                }
            }
        });
        long flops = (long) sequences * heads * (4L * sq * sk * d + 5L * sq * sk);
        DMatrixRMaj[] retained = new DMatrixRMaj[probs.length + 3];
        System.arraycopy(probs, 0, retained, 0, probs.length);
        retained[probs.length] = q.value();
        retained[probs.length + 1] = k.value();
        retained[probs.length + 2] = v.value();

        return tape.record(Cost.of("attention", flops, retained), out, dy -> {
            // Gradient buffers are made on first use; make them here, on one thread, before the
            // sequences run concurrently. Each sequence then adds only into its own rows.
            DMatrixRMaj dq = q.requiresGrad() ? q.gradBuffer() : null;
            DMatrixRMaj dk = k.requiresGrad() ? k.gradBuffer() : null;
            DMatrixRMaj dv = v.requiresGrad() ? v.gradBuffer() : null;
            Parallel.forRange(kernels, sequences, 2 * work, (from, to) -> {
                Blocks w = new Blocks(sq, sk, d);
                for (int b = from; b < to; b++) {
                    for (int h = 0; h < heads; h++) {
                        int qRow = b * sq;
                        int kRow = b * sk;
                        int col = h * d;
                        DMatrixRMaj p = probs[b * heads + h];
                        copyBlock(dy, qRow, col, w.o);                // G = ∂L/∂O
                        if (dv != null) {
                            kernels.multTransA(p, w.o, w.keyPart);    // Pᵀ·G
                            addBlock(w.keyPart, dv, kRow, col);
                        }
                        if (dq == null && dk == null) {
                            continue;
                        }
                        copyBlock(v.value(), kRow, col, w.v);
                        kernels.multTransB(w.o, w.v, w.scores);  // ∂L/∂P = G·Vᵀ
                        w.dScores.zero();
                        Softmax.backward(p.data, 0, w.scores.data, 0, sq, sk, w.dScores.data, 0);
                        for (int i = 0; i < w.dScores.data.length; i++) {
                            w.dScores.data[i] *= scale;
                        }
                        if (dq != null) {
                            copyBlock(k.value(), kRow, col, w.k);
                            kernels.mult(w.dScores, w.k, w.queryPart);     // ∂L/∂A·K / √d
                            addBlock(w.queryPart, dq, qRow, col);
                        }
                        if (dk != null) {
                            copyBlock(q.value(), qRow, col, w.q);
                            kernels.multTransA(w.dScores, w.q, w.keyPart); // (∂L/∂A)ᵀ·Q / √d
                            addBlock(w.keyPart, dk, kRow, col);
                        }
                    }
                }
            });
        }, q, k, v);
    }

    /**
     * One thread's working blocks for one (sequence, head) at a time, reused across them:
     * the Sq×d block of q, the Sk×d blocks of k and v, an output or gradient block for each
     * side, and two Sq×Sk score blocks.
     */
    private static final class Blocks {
        final DMatrixRMaj q;
        final DMatrixRMaj k;
        final DMatrixRMaj v;
        final DMatrixRMaj o;
        final DMatrixRMaj queryPart;
        final DMatrixRMaj keyPart;
        final DMatrixRMaj scores;
        final DMatrixRMaj dScores;

        Blocks(int sq, int sk, int d) {
            q = new DMatrixRMaj(sq, d);
            k = new DMatrixRMaj(sk, d);
            v = new DMatrixRMaj(sk, d);
            o = new DMatrixRMaj(sq, d);
            queryPart = new DMatrixRMaj(sq, d);
            keyPart = new DMatrixRMaj(sk, d);
            scores = new DMatrixRMaj(sq, sk);
            dScores = new DMatrixRMaj(sq, sk);
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
