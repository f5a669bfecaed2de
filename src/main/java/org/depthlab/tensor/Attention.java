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
 * <p><b>Two versions.</b> {@code attention-reference} below is these equations as loops, one
 * (sequence, head) at a time; the {@code reference} backend runs it, and the book quotes it.
 * Every other backend runs {@link FastAttention}: the same blocks with the backend's matrix
 * products on dense copies of each block, sequences shared out over the backend's threads
 * (the same bits on any number of threads). The two agree to rounding (1e-12, tested).
 *
 * <p>{@link #selfAttention} is what a transformer block calls: attention straight from the one
 * projection [q | k | v] = x·W_qkvᵀ, with RoPE on q and k. On the reference path it is the
 * ops slice, slice, slice, rope, rope, attention; the fast path reads each (sequence, head)'s
 * blocks from the projection's columns and rotates them as it copies them, so the slices and
 * the rotated q and k are never formed — same bits, same costs for the meter.
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
        Shape shape = new Shape(q.rows() / queries, queries, keys, heads, q.cols() / heads);
        double[] additive = mask.additive(queries, keys);
        DMatrixRMaj out = new DMatrixRMaj(q.rows(), q.cols());
        DMatrixRMaj[] probs = new DMatrixRMaj[shape.sequences() * heads];
        if (tape.isReference()) {
            int w = q.cols();
            reference(q.value().data, k.value().data, v.value().data, shape, w, additive, out.data, probs);
            return tape.record(cost(shape, probs, q, k, v), out, dy -> referenceBackward(q.value().data,
                    k.value().data, v.value().data, shape, w, probs, dy.data, grad(q), grad(k), grad(v)), q, k, v);
        }
        FastAttention.Layout in = new FastAttention.Layout(q.value(), 0, k.value(), 0, v.value(), 0, null);
        FastAttention.forward(tape.backend(), in, shape, additive, out, probs);
        return tape.record(cost(shape, probs, q, k, v), out, dy -> {
            // Gradient buffers are made on first use: make them here, on one thread, before the
            // sequences run concurrently. Each sequence then adds only into its own rows.
            FastAttention.Layout grads = new FastAttention.Layout(grad(q), 0, grad(k), 0, grad(v), 0, null);
            FastAttention.backward(tape.backend(), in, grads, shape, probs, dy);
        }, q, k, v);
    }

    /**
     * Self-attention of every sequence of {@code seqLen} rows from the projection
     * [q | k | v] ((B·S) × 3h, each part head-major), q and k rotated by {@code rope} (or not,
     * if it is null) — the ops slice ×3, rope ×2 and attention as one.
     */
    static Tensor selfAttention(Tape tape, Tensor qkv, int seqLen, int heads, RopeTable rope, AttentionMask mask) {
        Shapes.require(qkv.cols() % 3 == 0, "selfAttention", "input has " + qkv.cols()
                + " columns, not three equal parts q, k, v");
        int h = qkv.cols() / 3;
        if (tape.isReference()) {
            // region self-attention-reference
            Tensor q = tape.slice(qkv, 0, h);              // (B·S) × h
            Tensor k = tape.slice(qkv, h, 2 * h);          // (B·S) × h
            Tensor v = tape.slice(qkv, 2 * h, 3 * h);      // (B·S) × h
            if (rope != null) {
                q = tape.rope(q, rope, seqLen, heads);
                k = tape.rope(k, rope, seqLen, heads);
            }
            return tape.attention(q, k, v, seqLen, heads, mask);   // (B·S) × h
            // endregion
        }
        Shapes.require(seqLen > 0 && qkv.rows() % seqLen == 0, "selfAttention",
                qkv.rows() + " rows is not a whole number of sequences of length " + seqLen);
        Shapes.require(heads > 0 && h % heads == 0, "selfAttention", h + " columns do not split into " + heads
                + " heads");
        Shapes.require(rope == null || (rope.headDim() == h / heads && seqLen <= rope.positions()), "selfAttention",
                "the RoPE table does not cover " + heads + " heads of " + h / heads + " over " + seqLen + " positions");
        Shape shape = new Shape(qkv.rows() / seqLen, seqLen, seqLen, heads, h / heads);
        double[] additive = mask.additive(seqLen, seqLen);
        DMatrixRMaj out = new DMatrixRMaj(qkv.rows(), h);
        DMatrixRMaj[] probs = new DMatrixRMaj[shape.sequences() * heads];
        FastAttention.Layout in = new FastAttention.Layout(qkv.value(), 0, qkv.value(), h, qkv.value(), 2 * h, rope);
        FastAttention.forward(tape.backend(), in, shape, additive, out, probs);
        long entries = (long) qkv.rows() * h;
        // What the ops it stands for report: three slices, two rotations, then attention, which
        // keeps every P and the rotated q, k and v — as many numbers as the projection it keeps.
        Cost.Chain chain = new Cost.Chain()
                .add("slice", 1, 0, 0)
                .add("slice", 1, 0, 0)
                .add("slice", 1, 0, 0);
        if (rope != null) {
            chain.add("rope", 2, 3 * entries, 0).add("rope", 2, 3 * entries, 0);
        }
        chain.add("attention", rope != null ? 3 : 2, shape.flops(), Cost.bytes(probs) + Cost.bytes(qkv.value()));
        // Its inputs are q, k and v, which all live in qkv: listed so, an observer of the tape
        // sees an attention whose keys and values came from qkv, as it would op by op.
        return tape.record(chain.build(), out, dy -> {
            DMatrixRMaj d = qkv.requiresGrad() ? qkv.gradBuffer() : null;
            FastAttention.Layout grads = new FastAttention.Layout(d, 0, d, h, d, 2 * h, rope);
            FastAttention.backward(tape.backend(), in, grads, shape, probs, dy);
        }, qkv, qkv, qkv);
    }

    /**
     * Sequences and blocks: {@code sequences} sequences of {@code sq} queries and {@code sk}
     * keys, {@code heads} heads of width {@code d}.
     */
    record Shape(int sequences, int sq, int sk, int heads, int d) {

        /** 4·Sq·Sk·d (the two products) + 5·Sq·Sk (scale, mask, softmax) per (sequence, head). */
        long flops() {
            return (long) sequences * heads * (4L * sq * sk * d + 5L * sq * sk);
        }
    }

    /** One attention op, which keeps every P and its three inputs (call it once P is computed). */
    private static Cost cost(Shape shape, DMatrixRMaj[] probs, Tensor q, Tensor k, Tensor v) {
        return new Cost.Chain().add("attention", 1, shape.flops(),
                Cost.bytes(probs) + Cost.bytes(q.value(), k.value(), v.value())).build();
    }

    private static DMatrixRMaj grad(Tensor t) {
        return t.requiresGrad() ? t.gradBuffer() : null;
    }

    // region attention-reference

    /**
     * O = softmax(Q·Kᵀ/√d + M)·V for every sequence b and head h; q, k, v and out are row-major
     * with w = heads·d columns. Keeps each block's P in {@code probs[b·heads + h]}.
     */
    static void reference(double[] q, double[] k, double[] v, Shape s, int w, double[] mask, double[] out,
                          DMatrixRMaj[] probs) {
        int d = s.d();
        for (int b = 0; b < s.sequences(); b++) {
            for (int h = 0; h < s.heads(); h++) {
                // A = Q·Kᵀ / √d: Sq × Sk scores of this sequence and head
                double[] a = new double[s.sq() * s.sk()];
                for (int i = 0; i < s.sq(); i++) {
                    for (int j = 0; j < s.sk(); j++) {
                        double dot = 0;
                        for (int f = 0; f < d; f++) {
                            dot += q[(b * s.sq() + i) * w + h * d + f] * k[(b * s.sk() + j) * w + h * d + f];
                        }
                        a[i * s.sk() + j] = dot / Math.sqrt(d);
                    }
                }
                // P = softmax_rows(A + M)
                DMatrixRMaj p = new DMatrixRMaj(s.sq(), s.sk());
                Softmax.reference(a, mask, s.sq(), s.sk(), p.data);
                probs[b * s.heads() + h] = p;
                // O = P·V
                for (int i = 0; i < s.sq(); i++) {
                    for (int f = 0; f < d; f++) {
                        double sum = 0;
                        for (int j = 0; j < s.sk(); j++) {
                            sum += p.data[i * s.sk() + j] * v[(b * s.sk() + j) * w + h * d + f];
                        }
                        out[(b * s.sq() + i) * w + h * d + f] = sum;
                    }
                }
            }
        }
    }

    /**
     * The backward for G = ∂L/∂O ({@code g}), adding into dq, dk and dv (each may be null: no
     * gradient wanted), block by block.
     */
    static void referenceBackward(double[] q, double[] k, double[] v, Shape s, int w, DMatrixRMaj[] probs,
                                  double[] g, DMatrixRMaj dq, DMatrixRMaj dk, DMatrixRMaj dv) {
        int d = s.d();
        for (int b = 0; b < s.sequences(); b++) {
            for (int h = 0; h < s.heads(); h++) {
                double[] p = probs[b * s.heads() + h].data;
                // ∂L/∂V = Pᵀ·G
                for (int j = 0; j < s.sk() && dv != null; j++) {
                    for (int f = 0; f < d; f++) {
                        double sum = 0;
                        for (int i = 0; i < s.sq(); i++) {
                            sum += p[i * s.sk() + j] * g[(b * s.sq() + i) * w + h * d + f];
                        }
                        dv.data[(b * s.sk() + j) * w + h * d + f] += sum;
                    }
                }
                // ∂L/∂P = G·Vᵀ, then ∂L/∂A = P ⊙ (∂L/∂P − rowsum(∂L/∂P ⊙ P))
                double[] da = new double[s.sq() * s.sk()];
                for (int i = 0; i < s.sq(); i++) {
                    double[] dp = new double[s.sk()];
                    for (int j = 0; j < s.sk(); j++) {
                        for (int f = 0; f < d; f++) {
                            dp[j] += g[(b * s.sq() + i) * w + h * d + f] * v[(b * s.sk() + j) * w + h * d + f];
                        }
                    }
                    double rowsum = 0;
                    for (int j = 0; j < s.sk(); j++) {
                        rowsum += dp[j] * p[i * s.sk() + j];
                    }
                    for (int j = 0; j < s.sk(); j++) {
                        da[i * s.sk() + j] = p[i * s.sk() + j] * (dp[j] - rowsum);
                    }
                }
                // ∂L/∂Q = ∂L/∂A·K / √d
                for (int i = 0; i < s.sq() && dq != null; i++) {
                    for (int f = 0; f < d; f++) {
                        double sum = 0;
                        for (int j = 0; j < s.sk(); j++) {
                            sum += da[i * s.sk() + j] * k[(b * s.sk() + j) * w + h * d + f];
                        }
                        dq.data[(b * s.sq() + i) * w + h * d + f] += sum / Math.sqrt(d);
                    }
                }
                // ∂L/∂K = (∂L/∂A)ᵀ·Q / √d
                for (int j = 0; j < s.sk() && dk != null; j++) {
                    for (int f = 0; f < d; f++) {
                        double sum = 0;
                        for (int i = 0; i < s.sq(); i++) {
                            sum += da[i * s.sk() + j] * q[(b * s.sq() + i) * w + h * d + f];
                        }
                        dk.data[(b * s.sk() + j) * w + h * d + f] += sum / Math.sqrt(d);
                    }
                }
            }
        }
    }

    // endregion

}
