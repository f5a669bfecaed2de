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
 * The fast version computes the same blocks with the backend's matrix products on dense
 * copies of each block, shares sequences out over the backend's threads (each sequence writes
 * only its own rows, so the result is the same to the bit on any number of threads), and
 * reuses one set of block buffers per thread. The two agree to rounding (1e-12, tested).
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
        Layout in = new Layout(q.value(), 0, k.value(), 0, v.value(), 0, null);
        forward(tape.backend(), in, shape, additive, out, probs);
        return tape.record(cost(shape, probs, q, k, v), out, dy -> {
            // Gradient buffers are made on first use: make them here, on one thread, before the
            // sequences run concurrently. Each sequence then adds only into its own rows.
            Layout grads = new Layout(grad(q), 0, grad(k), 0, grad(v), 0, null);
            backward(tape.backend(), in, grads, shape, probs, dy);
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
        Layout in = new Layout(qkv.value(), 0, qkv.value(), h, qkv.value(), 2 * h, rope);
        forward(tape.backend(), in, shape, additive, out, probs);
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
        return tape.record(chain.build(), out, dy -> {
            DMatrixRMaj d = qkv.requiresGrad() ? qkv.gradBuffer() : null;
            backward(tape.backend(), in, new Layout(d, 0, d, h, d, 2 * h, rope), shape, probs, dy);
        }, qkv);
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

    // ---------------------------------------------------------------- the fast version

    /**
     * Where the blocks of q, k and v live: columns from {@code qCol}, {@code kCol}, {@code vCol}
     * on of row-major matrices (the same matrix for a projection [q | k | v]), with q and k
     * rotated by {@code rope} as they are read (null: no rotation). For gradients, the same
     * places to add into; a null matrix wants no gradient.
     */
    private record Layout(DMatrixRMaj q, int qCol, DMatrixRMaj k, int kCol, DMatrixRMaj v, int vCol, RopeTable rope) {
    }

    /**
     * Self-attention for inference, nothing kept: out = the attention of every sequence of
     * {@code qkv}'s rows, read as {@link #selfAttention} reads them. For a fused block that
     * runs one chunk of sequences per thread.
     */
    static void infer(Backend kernels, DMatrixRMaj qkv, int seqLen, int heads, RopeTable rope, double[] additive,
                      DMatrixRMaj out) {
        int h = qkv.numCols / 3;
        Layout in = new Layout(qkv, 0, qkv, h, qkv, 2 * h, rope);
        forward(kernels, in, new Shape(qkv.numRows / seqLen, seqLen, seqLen, heads, h / heads), additive, out, null);
    }

    /**
     * Every (sequence, head) block: out = P·V with P = softmax(Q·Kᵀ·(1/√d) + M), P kept in
     * {@code probs} (or, if it is null, not kept).
     */
    private static void forward(Backend kernels, Layout in, Shape s, double[] additive, DMatrixRMaj out,
                                DMatrixRMaj[] probs) {
        double scale = 1.0 / Math.sqrt(s.d());
        // Work per sequence, in multiply-adds: two Sq×Sk×d products for each head.
        long work = 2L * s.heads() * s.sq() * s.sk() * s.d();
        // Sequences are independent and each writes only its own rows of out (and its own P),
        // so they may run on the backend's threads without changing a bit of the result.
        Parallel.forRange(kernels, s.sequences(), work, (from, to) -> withBlocks(kernels, s, w -> {
            for (int b = from; b < to; b++) {
                for (int h = 0; h < s.heads(); h++) {
                    int qRow = b * s.sq();
                    int kRow = b * s.sk();
                    int col = h * s.d();
                    load(in.q(), qRow, in.qCol() + col, in.rope(), s.sk() - s.sq(), w.q);
                    load(in.k(), kRow, in.kCol() + col, in.rope(), 0, w.k);
                    load(in.v(), kRow, in.vCol() + col, null, 0, w.v);
                    kernels.multTransB(w.q, w.k, w.scores);                // Q·Kᵀ
                    for (int i = 0; i < w.scores.getNumElements(); i++) {
                        w.scores.data[i] *= scale;
                    }
                    DMatrixRMaj p = probs == null ? w.dScores : new DMatrixRMaj(s.sq(), s.sk());
                    Softmax.forward(w.scores.data, 0, additive, 0, s.sq(), s.sk(), p.data, 0);
                    if (probs != null) {
                        probs[b * s.heads() + h] = p;
                    }
                    kernels.mult(p, w.v, w.o);                             // P·V
                    putBlock(w.o, out, qRow, col);
                }
            }
        }));
    }

    /** The backward of {@link #forward}: adds into the gradient places of {@code grads}. */
    private static void backward(Backend kernels, Layout in, Layout grads, Shape s, DMatrixRMaj[] probs,
                                 DMatrixRMaj dy) {
        if (grads.q() == null && grads.k() == null && grads.v() == null) {
            return;
        }
        double scale = 1.0 / Math.sqrt(s.d());
        long work = 4L * s.heads() * s.sq() * s.sk() * s.d();
        Parallel.forRange(kernels, s.sequences(), work, (from, to) -> withBlocks(kernels, s, w -> {
            for (int b = from; b < to; b++) {
                for (int h = 0; h < s.heads(); h++) {
                    int qRow = b * s.sq();
                    int kRow = b * s.sk();
                    int col = h * s.d();
                    DMatrixRMaj p = probs[b * s.heads() + h];
                    copyBlock(dy, qRow, col, w.o);                         // G = ∂L/∂O
                    if (grads.v() != null) {
                        kernels.multTransA(p, w.o, w.keyPart);             // Pᵀ·G
                        addBlock(w.keyPart, grads.v(), kRow, grads.vCol() + col);
                    }
                    if (grads.q() == null && grads.k() == null) {
                        continue;
                    }
                    load(in.v(), kRow, in.vCol() + col, null, 0, w.v);
                    kernels.multTransB(w.o, w.v, w.scores);                // ∂L/∂P = G·Vᵀ
                    w.dScores.zero();
                    Softmax.backward(p.data, 0, w.scores.data, 0, s.sq(), s.sk(), w.dScores.data, 0);
                    for (int i = 0; i < w.dScores.getNumElements(); i++) {
                        w.dScores.data[i] *= scale;
                    }
                    if (grads.q() != null) {
                        load(in.k(), kRow, in.kCol() + col, in.rope(), 0, w.k);
                        kernels.mult(w.dScores, w.k, w.queryPart);         // ∂L/∂A·K / √d
                        addBlock(w.queryPart, grads.q(), qRow, grads.qCol() + col, in.rope(), s.sk() - s.sq());
                    }
                    if (grads.k() != null) {
                        load(in.q(), qRow, in.qCol() + col, in.rope(), s.sk() - s.sq(), w.q);
                        kernels.multTransA(w.dScores, w.q, w.keyPart);     // (∂L/∂A)ᵀ·Q / √d
                        addBlock(w.keyPart, grads.k(), kRow, grads.kCol() + col, in.rope(), 0);
                    }
                }
            }
        }));
    }

    /**
     * Runs {@code body} with one thread's working blocks, borrowed from the backend's
     * workspaces when it keeps some (and given back afterwards), else made for the call.
     */
    private static void withBlocks(Backend kernels, Shape s, java.util.function.Consumer<Blocks> body) {
        Workspace.Pool pool = kernels instanceof Parallel.Threaded threaded ? threaded.workspaces() : null;
        Workspace ws = pool == null ? new Workspace() : pool.take();
        try {
            body.accept(new Blocks(ws, s.sq(), s.sk(), s.d()));
        } finally {
            if (pool != null) {
                pool.release(ws);
            }
        }
    }

    /**
     * One thread's working blocks for one (sequence, head) at a time, reused across them:
     * the Sq×d block of q, the Sk×d blocks of k and v, an output or gradient block for each
     * side, and two Sq×Sk score blocks. Their contents start undefined; every use writes first,
     * and every loop over one runs to its number of elements, not to its array's length (a
     * borrowed array may be longer).
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

        Blocks(Workspace ws, int sq, int sk, int d) {
            q = ws.matrix(0, sq, d);
            k = ws.matrix(1, sk, d);
            v = ws.matrix(2, sk, d);
            o = ws.matrix(3, sq, d);
            queryPart = ws.matrix(4, sq, d);
            keyPart = ws.matrix(5, sk, d);
            scores = ws.matrix(6, sq, sk);
            dScores = ws.matrix(7, sq, sk);
        }
    }

    /**
     * dst = src[row0 : row0 + dst.rows, col0 : col0 + dst.cols], rotated by {@code rope} if it is
     * not null (row i at position {@code position0 + i}) with the expressions of
     * {@link Rotary}. The products run on dense copies of the blocks: a copy costs S·d moves
     * against S²·d multiply-adds, and keeps every product on the {@link Backend} seam.
     */
    private static void load(DMatrixRMaj src, int row0, int col0, RopeTable rope, int position0, DMatrixRMaj dst) {
        if (rope == null) {
            copyBlock(src, row0, col0, dst);
            return;
        }
        int d = dst.numCols;
        int half = d / 2;
        for (int i = 0; i < dst.numRows; i++) {
            int from = (row0 + i) * src.numCols + col0;
            int to = i * d;
            int angle = (position0 + i) * half;
            for (int f = 0; f < half; f++) {
                double c = rope.cos()[angle + f];
                double s = rope.sin()[angle + f];
                double a = src.data[from + f];
                double b = src.data[from + f + half];
                dst.data[to + f] = a * c - b * s;
                dst.data[to + f + half] = a * s + b * c;
            }
        }
    }

    /** dst = src[row0 :, col0 :], a dense block. */
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

    /**
     * dst[row0 :, col0 :] += R(−angle)·src if {@code rope} is not null (the backward of the
     * rotation in {@link #load}, with the expressions of {@link Rotary}'s backward), else += src.
     */
    private static void addBlock(DMatrixRMaj src, DMatrixRMaj dst, int row0, int col0, RopeTable rope,
                                 int position0) {
        if (rope == null) {
            addBlock(src, dst, row0, col0);
            return;
        }
        int d = src.numCols;
        int half = d / 2;
        for (int i = 0; i < src.numRows; i++) {
            int from = i * d;
            int to = (row0 + i) * dst.numCols + col0;
            int angle = (position0 + i) * half;
            for (int f = 0; f < half; f++) {
                double c = rope.cos()[angle + f];
                double s = -rope.sin()[angle + f];
                double a = src.data[from + f];
                double b = src.data[from + f + half];
                dst.data[to + f] += a * c - b * s;
                dst.data[to + f + half] += a * s + b * c;
            }
        }
    }
}
