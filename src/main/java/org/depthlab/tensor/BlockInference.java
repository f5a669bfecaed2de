package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * A whole post-norm block applied without recording, in one pass: the fast path of the steps
 * HRM and TRM run under no-grad (all but the last of a segment), which are most of a training
 * update's work. PyTorch's {@code TransformerEncoderLayer} has the same kind of fast path for
 * inference.
 *
 * <p>It computes exactly what the block's ops compute — the same bits — but
 * <ul>
 *   <li>in one parallel region: each thread takes whole sequences and runs the block on their
 *       rows from start to end (products, attention, norms), instead of every op handing its
 *       rows to the threads and waiting for them — some ten hand-offs per block;</li>
 *   <li>on buffers reused from call to call (the backend's {@link Workspace}s): only the output is a new
 *       matrix, where the ops allocate (and zero) a fresh one each, eight per block.</li>
 * </ul>
 * A product over a chunk of rows gives the rows the whole product would give only if every
 * entry is summed on its own, in a fixed order — true of the {@code blocked} and {@code vector}
 * backends (each entry is the textbook loop), not of EJML, whose kernels depend on the
 * matrices' size. So the tape takes this path only on a {@link Parallel.Threaded} backend, and
 * only when no meter listens, since a meter may want to see each op the block is made of
 * ({@link Tape#fusesInference()}). Its output lies as deep as the ops' output would
 * ({@link #cost}: the ops the block is made of, at their depths); the tests compare it with the
 * ops, bits and depths.
 */
final class BlockInference {

    private BlockInference() {
    }

    static Tensor apply(Tape tape, PostNormBlock w, Tensor x, int seqLen) {
        int rows = x.rows();
        int h = x.cols();
        Shapes.require(seqLen > 0 && rows % seqLen == 0, "block", rows + " rows is not a whole number of sequences of "
                + seqLen);
        Shapes.require(w.qkv().rows() == 3 * h && w.qkv().cols() == h && w.out().rows() == h && w.out().cols() == h
                && w.gateUp().cols() == h && w.down().rows() == h && w.gateUp().rows() == 2 * w.down().cols(),
                "block", "weights do not fit an input of width " + h);
        int inner = w.down().cols();
        double[] additive = w.mask().additive(seqLen, seqLen);
        Backend kernels = tape.backend();
        DMatrixRMaj y = new DMatrixRMaj(rows, h);
        // Work per sequence, in multiply-adds: the products of its rows and its attention.
        long work = (long) seqLen * h * (4L * h + 3L * inner) + 2L * seqLen * seqLen * h;
        Workspace.Pool pool = ((Parallel.Threaded) kernels).workspaces();
        Parallel.forRange(kernels, rows / seqLen, work, (from, to) -> {
            Workspace ws = pool.take();
            try {
                chunk(kernels, w, x.value(), from * seqLen, to * seqLen, seqLen, inner, additive, ws, y);
            } finally {
                pool.release(ws);
            }
        });
        return tape.record(cost(rows, h, inner, seqLen, w), y, dy -> {
            throw new IllegalStateException("a block applied for inference has no backward");
        }, x, w.qkv(), w.out(), w.gateUp(), w.down());
    }

    /** The block on rows [r0, r1) of x (whole sequences), into the same rows of y. */
    private static void chunk(Backend kernels, PostNormBlock w, DMatrixRMaj x, int r0, int r1, int seqLen, int inner,
                              double[] additive, Workspace ws, DMatrixRMaj y) {
        int n = r1 - r0;
        int h = x.numCols;
        DMatrixRMaj in = ws.matrix(0, n, h);                 // n × h, these rows of x
        System.arraycopy(x.data, r0 * h, in.data, 0, n * h);
        DMatrixRMaj qkv = ws.matrix(1, n, 3 * h);            // n × 3h = [q | k | v]
        kernels.multTransB(in, w.qkv().value(), qkv);
        DMatrixRMaj o = ws.matrix(2, n, h);                  // n × h, the heads side by side
        FastAttention.infer(kernels, qkv, seqLen, w.heads(), w.rope(), additive, o);
        DMatrixRMaj attn = ws.matrix(3, n, h);               // n × h
        kernels.multTransB(o, w.out().value(), attn);
        DMatrixRMaj hidden = ws.matrix(4, n, h);             // n × h, rms(x + attn)
        DMatrixRMaj r = ws.matrix(5, n, 1);
        RmsNormOp.normalize(in.data, attn.data, 0, n, h, w.eps(), hidden.data, r.data);
        DMatrixRMaj gu = ws.matrix(6, n, 2 * inner);         // n × 2i = [gate | up]
        kernels.multTransB(hidden, w.gateUp().value(), gu);
        DMatrixRMaj gated = ws.matrix(7, n, inner);          // n × i, SiLU(gate) ⊙ up
        SwiGluGate.rows(gu.data, 0, n, inner, gated.data, null);
        DMatrixRMaj mlp = ws.matrix(3, n, h);                // n × h (attn's buffer, free again)
        kernels.multTransB(gated, w.down().value(), mlp);
        DMatrixRMaj out = ws.matrix(2, n, h);                // n × h, rms(hidden + mlp) (o's buffer)
        RmsNormOp.normalize(hidden.data, mlp.data, 0, n, h, w.eps(), out.data, r.data);
        System.arraycopy(out.data, 0, y.data, r0 * h, n * h);
    }

    /**
     * What the block's ops report to the meter, in the order they run, each at its depth after
     * the block's input: the qkv product; three slices; two rotations (with RoPE); attention;
     * the output product; add and norm; the gate-up product; the gate (three steps deep, as
     * {@link SwiGluGate} reports it); the down product; add and norm. Nothing is kept.
     */
    static Cost cost(int rows, int h, int inner, int seqLen, PostNormBlock w) {
        Cost.Chain chain = new Cost.Chain();
        int depth = 1;
        chain.add("matmul", depth, 2L * rows * h * 3 * h, 0);
        depth++;
        chain.add("slice", depth, 0, 0).add("slice", depth, 0, 0).add("slice", depth, 0, 0);
        if (w.rope() != null) {
            depth++;
            chain.add("rope", depth, 3L * rows * h, 0).add("rope", depth, 3L * rows * h, 0);
        }
        depth++;
        int d = h / w.heads();
        chain.add("attention", depth, (long) (rows / seqLen) * w.heads() * (4L * seqLen * seqLen * d
                + 5L * seqLen * seqLen), 0);
        chain.add("matmul", ++depth, 2L * rows * h * h, 0);
        chain.add("add", ++depth, (long) rows * h, 0);
        chain.add("rmsnorm", ++depth, 4L * rows * h, 0);
        chain.add("matmul", ++depth, 2L * rows * h * 2 * inner, 0);
        depth += SwiGluGate.DEPTH;
        chain.add("swiglu", depth, 6L * rows * inner, 0);
        chain.add("matmul", ++depth, 2L * rows * inner * h, 0);
        chain.add("add", ++depth, (long) rows * h, 0);
        chain.add("rmsnorm", ++depth, 4L * rows * h, 0);
        return chain.build();
    }
}
