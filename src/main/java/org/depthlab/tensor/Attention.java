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
        int width = q.cols();
        int sequences = q.rows() / sq;
        double scale = 1.0 / Math.sqrt(d);
        double[] additive = mask.additive(sq, sk);
        Backend kernels = tape.backend();

        DMatrixRMaj out = new DMatrixRMaj(q.rows(), width);
        DMatrixRMaj[] probs = new DMatrixRMaj[sequences * heads];
        DMatrixRMaj qb = new DMatrixRMaj(sq, d);
        DMatrixRMaj kb = new DMatrixRMaj(sk, d);
        DMatrixRMaj vb = new DMatrixRMaj(sk, d);
        DMatrixRMaj ob = new DMatrixRMaj(sq, d);
        DMatrixRMaj scores = new DMatrixRMaj(sq, sk);
        for (int b = 0; b < sequences; b++) {
            for (int h = 0; h < heads; h++) {
                copyBlock(q.value(), b * sq, h * d, qb);
                copyBlock(k.value(), b * sk, h * d, kb);
                copyBlock(v.value(), b * sk, h * d, vb);
                kernels.multTransB(qb, kb, scores);
                for (int i = 0; i < scores.data.length; i++) {
                    scores.data[i] *= scale;
                }
                DMatrixRMaj p = new DMatrixRMaj(sq, sk);
                Softmax.forward(scores.data, 0, additive, 0, sq, sk, p.data, 0);
                probs[b * heads + h] = p;
                kernels.mult(p, vb, ob);
                addBlock(ob, out, b * sq, h * d);
            }
        }
        long flops = (long) sequences * heads * (4L * sq * sk * d + 5L * sq * sk);
        DMatrixRMaj[] retained = new DMatrixRMaj[probs.length + 3];
        System.arraycopy(probs, 0, retained, 0, probs.length);
        retained[probs.length] = q.value();
        retained[probs.length + 1] = k.value();
        retained[probs.length + 2] = v.value();

        return tape.record("attention", out, flops, retained, dy -> {
            DMatrixRMaj g = new DMatrixRMaj(sq, d);
            DMatrixRMaj dp = new DMatrixRMaj(sq, sk);
            DMatrixRMaj da = new DMatrixRMaj(sq, sk);
            DMatrixRMaj queryPart = new DMatrixRMaj(sq, d);
            DMatrixRMaj keyPart = new DMatrixRMaj(sk, d);
            for (int b = 0; b < sequences; b++) {
                for (int h = 0; h < heads; h++) {
                    DMatrixRMaj p = probs[b * heads + h];
                    copyBlock(dy, b * sq, h * d, g);
                    copyBlock(q.value(), b * sq, h * d, qb);
                    copyBlock(k.value(), b * sk, h * d, kb);
                    copyBlock(v.value(), b * sk, h * d, vb);
                    if (v.requiresGrad()) {
                        kernels.multTransA(p, g, keyPart);
                        addBlock(keyPart, v.gradBuffer(), b * sk, h * d);
                    }
                    if (!q.requiresGrad() && !k.requiresGrad()) {
                        continue;
                    }
                    kernels.multTransB(g, vb, dp);
                    da.zero();
                    Softmax.backward(p.data, 0, dp.data, 0, sq, sk, da.data, 0);
                    for (int i = 0; i < da.data.length; i++) {
                        da.data[i] *= scale;
                    }
                    if (q.requiresGrad()) {
                        kernels.mult(da, kb, queryPart);
                        addBlock(queryPart, q.gradBuffer(), b * sq, h * d);
                    }
                    if (k.requiresGrad()) {
                        kernels.multTransA(da, qb, keyPart);
                        addBlock(keyPart, k.gradBuffer(), b * sk, h * d);
                    }
                }
            }
        }, q, k, v);
    }

    /** dst = src[row0 : row0 + dst.rows, col0 : col0 + dst.cols]. */
    private static void copyBlock(DMatrixRMaj src, int row0, int col0, DMatrixRMaj dst) {
        for (int i = 0; i < dst.numRows; i++) {
            System.arraycopy(src.data, (row0 + i) * src.numCols + col0, dst.data, i * dst.numCols,
                    dst.numCols);
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
