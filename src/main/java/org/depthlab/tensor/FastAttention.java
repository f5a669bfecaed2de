package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * The fast version of {@link Attention}: the same blocks, the same equations, arranged for
 * speed. For every (sequence, head) it copies the Q, K and V blocks into dense matrices —
 * rotating q and k by RoPE as it copies them when they come straight from a projection
 * [q | k | v] — and computes Q·Kᵀ, P·V and their backward with the backend's products, which
 * keeps every product on the {@link Backend} seam. Sequences are independent and each writes
 * only its own rows of the output and of the gradients, so they are shared out over the
 * backend's threads without changing a bit; each thread borrows one set of block buffers from
 * the backend's workspaces and reuses it for all its (sequence, head) pairs.
 *
 * <p>{@code attention-reference} in {@link Attention} is the same computation written as the
 * equations read; the two agree to rounding (ReferencePathTest).
 */
final class FastAttention {

    private FastAttention() {
    }

    /**
     * Where the blocks of q, k and v live: columns from {@code qCol}, {@code kCol}, {@code vCol}
     * on, of row-major matrices (the same matrix for a projection [q | k | v]), with q and k
     * rotated by {@code rope} as they are read (null: no rotation). For gradients, the same
     * places to add into; a null matrix wants no gradient.
     */
    record Layout(DMatrixRMaj q, int qCol, DMatrixRMaj k, int kCol, DMatrixRMaj v, int vCol, RopeTable rope) {
    }

    /**
     * Self-attention for inference, nothing kept: out = the attention of every sequence of
     * {@code qkv}'s rows, read as {@link Attention#selfAttention} reads them. For a fused block that
     * runs one chunk of sequences per thread.
     */
    static void infer(Backend kernels, DMatrixRMaj qkv, int seqLen, int heads, RopeTable rope, double[] additive,
                      DMatrixRMaj out) {
        int h = qkv.numCols / 3;
        Layout in = new Layout(qkv, 0, qkv, h, qkv, 2 * h, rope);
        Attention.Shape shape = new Attention.Shape(qkv.numRows / seqLen, seqLen, seqLen, heads, h / heads);
        forward(kernels, in, shape, additive, out, null);
    }

    /**
     * Every (sequence, head) block: out = P·V with P = softmax(Q·Kᵀ·(1/√d) + M), P kept in
     * {@code probs} (or, if it is null, not kept).
     */
    static void forward(Backend kernels, Layout in, Attention.Shape s, double[] additive, DMatrixRMaj out,
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
    static void backward(Backend kernels, Layout in, Layout grads, Attention.Shape s, DMatrixRMaj[] probs,
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
    private static void withBlocks(Backend kernels, Attention.Shape s, java.util.function.Consumer<Blocks> body) {
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
