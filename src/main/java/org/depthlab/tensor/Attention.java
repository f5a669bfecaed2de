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
        int width = q.cols();
        int sequences = q.rows() / s;
        double scale = 1.0 / Math.sqrt(d);
        double[] additive = mask.additive(s);
        Backend kernels = tape.backend();

        DMatrixRMaj out = new DMatrixRMaj(q.rows(), width);
        DMatrixRMaj[] probs = new DMatrixRMaj[sequences * heads];
        DMatrixRMaj qb = new DMatrixRMaj(s, d);
        DMatrixRMaj kb = new DMatrixRMaj(s, d);
        DMatrixRMaj vb = new DMatrixRMaj(s, d);
        DMatrixRMaj ob = new DMatrixRMaj(s, d);
        DMatrixRMaj scores = new DMatrixRMaj(s, s);
        for (int b = 0; b < sequences; b++) {
            for (int h = 0; h < heads; h++) {
                copyBlock(q.value(), b * s, h * d, qb);
                copyBlock(k.value(), b * s, h * d, kb);
                copyBlock(v.value(), b * s, h * d, vb);
                kernels.multTransB(qb, kb, scores);
                for (int i = 0; i < scores.data.length; i++) {
                    scores.data[i] *= scale;
                }
                DMatrixRMaj p = new DMatrixRMaj(s, s);
                Softmax.forward(scores.data, 0, additive, 0, s, s, p.data, 0);
                probs[b * heads + h] = p;
                kernels.mult(p, vb, ob);
                addBlock(ob, out, b * s, h * d);
            }
        }
        long flops = (long) sequences * heads * (4L * s * s * d + 5L * s * s);
        DMatrixRMaj[] retained = new DMatrixRMaj[probs.length + 3];
        System.arraycopy(probs, 0, retained, 0, probs.length);
        retained[probs.length] = q.value();
        retained[probs.length + 1] = k.value();
        retained[probs.length + 2] = v.value();

        return tape.record("attention", out, flops, retained, dy -> {
            DMatrixRMaj g = new DMatrixRMaj(s, d);
            DMatrixRMaj dp = new DMatrixRMaj(s, s);
            DMatrixRMaj da = new DMatrixRMaj(s, s);
            DMatrixRMaj part = new DMatrixRMaj(s, d);
            for (int b = 0; b < sequences; b++) {
                for (int h = 0; h < heads; h++) {
                    DMatrixRMaj p = probs[b * heads + h];
                    copyBlock(dy, b * s, h * d, g);
                    copyBlock(q.value(), b * s, h * d, qb);
                    copyBlock(k.value(), b * s, h * d, kb);
                    copyBlock(v.value(), b * s, h * d, vb);
                    if (v.requiresGrad()) {
                        kernels.multTransA(p, g, part);
                        addBlock(part, v.gradBuffer(), b * s, h * d);
                    }
                    if (!q.requiresGrad() && !k.requiresGrad()) {
                        continue;
                    }
                    kernels.multTransB(g, vb, dp);
                    da.zero();
                    Softmax.backward(p.data, 0, dp.data, 0, s, s, da.data, 0);
                    for (int i = 0; i < da.data.length; i++) {
                        da.data[i] *= scale;
                    }
                    if (q.requiresGrad()) {
                        kernels.mult(da, kb, part);
                        addBlock(part, q.gradBuffer(), b * s, h * d);
                    }
                    if (k.requiresGrad()) {
                        kernels.multTransA(da, qb, part);
                        addBlock(part, k.gradBuffer(), b * s, h * d);
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
