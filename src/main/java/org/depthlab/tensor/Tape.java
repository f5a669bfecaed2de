package org.depthlab.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;

/**
 * Reverse-mode automatic differentiation, written out: the tape records every op in the order
 * it ran, each with the closure that sends its output gradient back to its inputs, and
 * {@link #backward(Tensor)} replays those closures in reverse.
 *
 * <p>For a composition y = f_n(…f_2(f_1(x))), the chain rule gives
 * ∂L/∂x = J_1ᵀ·J_2ᵀ·…·J_nᵀ·∂L/∂y. Each recorded closure multiplies by one Jᵀ without ever
 * forming it; running them last-to-first is the whole algorithm (Griewank and Walther,
 * <i>Evaluating Derivatives</i>, 2008, ch. 3; micrograd is the smallest readable version).
 * That core — {@link #record}, {@link #backward(Tensor, DMatrixRMaj)} and {@link #noGrad} — is
 * the region marked {@code tape-core} below.
 *
 * <p>A tape is also where computation is <em>measured</em>: every op hands the tape its
 * {@link Cost} (FLOPs, bytes kept for backward, depth), which the tape passes on to its
 * {@link Meter}, if it has one, and every matrix product goes through its {@link Backend}.
 * Inside {@link #noGrad(Supplier)} ops still run, still count FLOPs and depth, but record
 * nothing — this is how HRM's one-step gradient runs all but its last steps.
 *
 * <p>The ops themselves live in one file per family (for example {@link MatMul},
 * {@link Losses}), each forward beside its hand-written backward and its equation. This
 * class offers them as methods so that model code reads like the math:
 * {@code tape.rmsNorm(tape.add(x, attention))}. On the {@code reference} backend
 * ({@link Backends}) every op runs its plain textbook loops and no fused shortcut is taken;
 * on the others, the fast versions, which are tested equal to them.
 *
 * <p>A tape is used for one forward and at most one backward pass, by one thread.
 */
public final class Tape {

    /** Sends an op's output gradient to its inputs' gradient buffers (accumulating). */
    @FunctionalInterface
    public interface Backward {
        void apply(DMatrixRMaj outputGrad);
    }

    private record Entry(Tensor output, Backward backward) {
    }

    private final Backend backend;
    private final Ledger ledger;
    private final List<Entry> entries = new ArrayList<>();
    private boolean recording = true;
    private boolean consumed;

    /** A tape on the default backend ({@link Backends#defaultBackend()}), without a meter. */
    public Tape() {
        this(Backends.defaultBackend(), null);
    }

    /**
     * @param backend the matrix-product kernels to use
     * @param meter   where to report costs, or {@code null} to count nothing
     */
    public Tape(Backend backend, Meter meter) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.ledger = new Ledger(meter);
    }

    /** A tape on the default backend that reports to {@code meter}. */
    public static Tape metered(Meter meter) {
        return new Tape(Backends.defaultBackend(), Objects.requireNonNull(meter, "meter"));
    }

    /** The matrix kernels ops use. */
    public Backend backend() {
        return backend;
    }

    /**
     * Whether ops run their plain reference implementations (the {@code reference} backend):
     * textbook loops, one op at a time, as the book quotes them.
     */
    public boolean isReference() {
        return backend instanceof ReferenceBackend;
    }

    /** Whether ops are being recorded for backward (false inside {@link #noGrad}). */
    public boolean isRecording() {
        return recording;
    }

    /** Number of ops recorded for backward so far. */
    public int size() {
        return entries.size();
    }

    /** Bytes kept for backward by the ops recorded so far (see {@link Meter} for the rule). */
    public long bytesRetained() {
        return ledger.bytesRetained();
    }

    /**
     * Marks {@code output} as the result of one layer application (a {@code Block} call): its
     * layer depth becomes one more than the largest layer depth that flowed into it.
     *
     * @return {@code output}, for chaining
     */
    public Tensor countLayer(Tensor output) {
        output.setLayerDepth(output.layerDepth() + 1);
        ledger.layer(output.layerDepth());
        return output;
    }

    // region tape-core

    /**
     * Runs {@code body} without recording: results carry no gradient, nothing is retained.
     * Ops inside still report FLOPs and depth to the meter.
     */
    public <T> T noGrad(Supplier<T> body) {
        boolean before = recording;
        recording = false;
        try {
            return body.get();
        } finally {
            recording = before;
        }
    }

    /**
     * Records the result of an op: its output is recorded for backward if gradients are on
     * and some input wants one. Called by the op families, never by model code.
     *
     * @param cost     what the op cost, for the meter (its depth steps set the output's depth)
     * @param value    the freshly computed output
     * @param backward the gradient closure, run only if the output receives a gradient
     * @param inputs   the op's tensor inputs (for depth and for whether a gradient is needed)
     */
    Tensor record(Cost cost, DMatrixRMaj value, Backward backward, Tensor... inputs) {
        if (consumed) {
            throw new IllegalStateException("this tape already ran backward; use a new tape per step");
        }
        int depth = 0;
        int layerDepth = 0;
        boolean anyGrad = false;
        for (Tensor input : inputs) {
            depth = Math.max(depth, input.depth());
            layerDepth = Math.max(layerDepth, input.layerDepth());
            anyGrad |= input.requiresGrad();
        }
        boolean recorded = recording && anyGrad;
        Tensor output = new Tensor(value, null, recorded, depth + cost.depth(), layerDepth);
        if (recorded) {
            entries.add(new Entry(output, backward));
        }
        ledger.charge(cost, output, inputs, recorded);
        return output;
    }

    /** Back-propagates from a scalar (1 × 1) loss: ∂loss/∂loss = 1. */
    public void backward(Tensor loss) {
        if (loss.value().getNumElements() != 1) {
            throw new IllegalArgumentException("backward(loss) needs a 1x1 loss, got "
                    + loss.rows() + "x" + loss.cols() + "; use backward(output, seed) for others");
        }
        DMatrixRMaj seed = new DMatrixRMaj(1, 1);
        seed.data[0] = 1.0;
        backward(loss, seed);
    }

    /**
     * Back-propagates a given output gradient (a vector–Jacobian product): afterwards every
     * parameter's {@link Tensor#grad()} holds (accumulated) seedᵀ·∂output/∂parameter.
     */
    public void backward(Tensor output, DMatrixRMaj seed) {
        if (consumed) {
            throw new IllegalStateException("backward already ran on this tape");
        }
        if (seed.numRows != output.rows() || seed.numCols != output.cols()) {
            throw new IllegalArgumentException("seed is " + seed.numRows + "x" + seed.numCols
                    + " but output is " + output.rows() + "x" + output.cols());
        }
        consumed = true;
        if (!output.requiresGrad()) {
            return;
        }
        DMatrixRMaj g = output.gradBuffer();
        for (int i = 0; i < g.data.length; i++) {
            g.data[i] += seed.data[i];
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.output().grad() != null) {
                e.backward().apply(e.output().grad());
            }
        }
        entries.clear();
    }

    // endregion

    /** Whether an op on {@code input} will be recorded for backward (recording, and a gradient wanted). */
    boolean willRecord(Tensor input) {
        return recording && input.requiresGrad();
    }

    /**
     * Whether a whole block may run as one fused op ({@link #inferBlock}): nothing is being
     * recorded, no meter listens (a meter sees every op the block is made of), the path is not
     * the reference one, and the backend's products give every row the same bits however the
     * rows are cut (the {@code blocked} and {@code vector} backends).
     */
    public boolean fusesInference() {
        return !recording && !ledger.metered() && !isReference() && backend instanceof Parallel.Threaded;
    }

    /**
     * A post-norm block applied to x in one pass, recording nothing (see {@link BlockInference}):
     * the bits and meter counts of the block's ops. Only when {@link #fusesInference()}.
     */
    public Tensor inferBlock(PostNormBlock block, Tensor x, int seqLen) {
        if (!fusesInference()) {
            throw new IllegalStateException("a block runs fused only when nothing is recorded or metered, on a threaded"
                    + " backend");
        }
        return BlockInference.apply(this, block, x, seqLen);
    }


    // ---------------------------------------------------------------- the ops, by family

    /** A·B. See {@link MatMul#matmul}. */
    public Tensor matmul(Tensor a, Tensor b) {
        return MatMul.matmul(this, a, b);
    }

    /** A·Bᵀ. See {@link MatMul#matmulTransB}. */
    public Tensor matmulTransB(Tensor a, Tensor b) {
        return MatMul.matmulTransB(this, a, b);
    }

    /** A + B. See {@link Arithmetic#add}. */
    public Tensor add(Tensor a, Tensor b) {
        return Arithmetic.add(this, a, b);
    }

    /** X + 1·r (r added to every row). See {@link Arithmetic#addRow}. */
    public Tensor addRow(Tensor x, Tensor row) {
        return Arithmetic.addRow(this, x, row);
    }

    /** A ⊙ B. See {@link Arithmetic#mul}. */
    public Tensor mul(Tensor a, Tensor b) {
        return Arithmetic.mul(this, a, b);
    }

    /** c·X. See {@link Arithmetic#scale}. */
    public Tensor scale(Tensor x, double c) {
        return Arithmetic.scale(this, x, c);
    }

    /** Σ X. See {@link Arithmetic#sum}. */
    public Tensor sum(Tensor x) {
        return Arithmetic.sum(this, x);
    }

    /** mean(X). See {@link Arithmetic#mean}. */
    public Tensor mean(Tensor x) {
        return Arithmetic.mean(this, x);
    }

    /** exp(X). See {@link Pointwise#exp}. */
    public Tensor exp(Tensor x) {
        return Pointwise.exp(this, x);
    }

    /** log(X). See {@link Pointwise#log}. */
    public Tensor log(Tensor x) {
        return Pointwise.log(this, x);
    }

    /** σ(X). See {@link Pointwise#sigmoid}. */
    public Tensor sigmoid(Tensor x) {
        return Pointwise.sigmoid(this, x);
    }

    /** X ⊙ σ(X). See {@link Pointwise#silu}. */
    public Tensor silu(Tensor x) {
        return Pointwise.silu(this, x);
    }

    /** SiLU(X[:, :i]) ⊙ X[:, i:2i], SwiGLU's gate in one op. See {@link SwiGluGate}. */
    public Tensor swiGluGate(Tensor x, int inner) {
        return SwiGluGate.swiGluGate(this, x, inner);
    }

    /** Row softmax of X + M. See {@link Softmax#softmax}. */
    public Tensor softmax(Tensor x, DMatrixRMaj additiveMask) {
        return Softmax.softmax(this, x, additiveMask);
    }

    /** Row RMSNorm without scale. See {@link RmsNormOp#rmsNorm}. */
    public Tensor rmsNorm(Tensor x, double eps) {
        return RmsNormOp.rmsNorm(this, x, eps);
    }

    /** rmsNorm(add(x, a)), a post-norm block's residual step, in one op. See {@link RmsNormOp#addRmsNorm}. */
    public Tensor addRmsNorm(Tensor x, Tensor a, double eps) {
        return RmsNormOp.addRmsNorm(this, x, a, eps);
    }

    /** Rotary position embedding. See {@link Rotary#rope}. */
    public Tensor rope(Tensor x, RopeTable table, int seqLen, int heads) {
        return Rotary.rope(this, x, table, seqLen, heads, 0);
    }

    /** Rotary position embedding of rows at positions offset, offset + 1, …. See {@link Rotary#rope}. */
    public Tensor rope(Tensor x, RopeTable table, int seqLen, int heads, int offset) {
        return Rotary.rope(this, x, table, seqLen, heads, offset);
    }

    /** Rows of X picked by index. See {@link Gather#gather}. */
    public Tensor gather(Tensor x, int[] rows) {
        return Gather.gather(this, x, rows);
    }

    /** Rows of X picked by computed indices (one column). See {@link Gather}. */
    public Tensor gather(Tensor x, Tensor indices) {
        return Gather.gather(this, x, indices);
    }

    /** The tokens chosen from scores, as a column of ids one op deeper. See {@link Choice}. */
    public Tensor choose(Tensor scores, int[] tokens) {
        return Choice.choose(this, scores, tokens);
    }

    /** [A | B | …]. See {@link Columns#concat}. */
    public Tensor concat(Tensor... parts) {
        return Columns.concat(this, parts);
    }

    /** [A; B; …] (rows stacked). See {@link Rows#concatRows}. */
    public Tensor concatRows(Tensor... parts) {
        return Rows.concatRows(this, parts);
    }

    /** Each sequence of A (aLen positions) followed by the same sequence of B (bLen). See {@link Rows}. */
    public Tensor appendPositions(Tensor a, int aLen, Tensor b, int bLen) {
        return Rows.appendPositions(this, a, aLen, b, bLen);
    }

    /** Columns [from, to) of X. See {@link Columns#slice}. */
    public Tensor slice(Tensor x, int from, int to) {
        return Columns.slice(this, x, from, to);
    }

    /** Each sequence's positions × features block, transposed. See {@link Permute#transposeWithinSequences}. */
    public Tensor transposeWithinSequences(Tensor x, int seqLen) {
        return Permute.transposeWithinSequences(this, x, seqLen);
    }

    /** Multi-head scaled dot-product attention. See {@link Attention}. */
    public Tensor attention(Tensor q, Tensor k, Tensor v, int seqLen, int heads, AttentionMask mask) {
        return Attention.attention(this, q, k, v, seqLen, heads, mask);
    }

    /**
     * Self-attention from one projection [q | k | v], q and k rotated by {@code rope} (null for
     * none): slice ×3, rope ×2 and attention in one op. See {@link Attention#selfAttention}.
     */
    public Tensor selfAttention(Tensor qkv, int seqLen, int heads, RopeTable rope, AttentionMask mask) {
        return Attention.selfAttention(this, qkv, seqLen, heads, rope, mask);
    }

    /**
     * Attention of the last {@code queries} positions of every sequence over all its
     * {@code keys} positions: a decoding step with a KV cache. See {@link Attention}.
     */
    public Tensor attention(Tensor q, Tensor k, Tensor v, int queries, int keys, int heads, AttentionMask mask) {
        return Attention.attention(this, q, k, v, queries, keys, heads, mask);
    }

    /** Mean softmax cross-entropy. See {@link Losses#softmaxCrossEntropy}. */
    public Tensor softmaxCrossEntropy(Tensor logits, int[] targets, int ignoreIndex) {
        return Losses.softmaxCrossEntropy(this, logits, targets, ignoreIndex);
    }

    /** Mean stablemax cross-entropy. See {@link Losses#stablemaxCrossEntropy}. */
    public Tensor stablemaxCrossEntropy(Tensor logits, int[] targets, int ignoreIndex) {
        return Losses.stablemaxCrossEntropy(this, logits, targets, ignoreIndex);
    }

    /** Mean binary cross-entropy on logits. See {@link Losses#binaryCrossEntropyWithLogits}. */
    public Tensor binaryCrossEntropyWithLogits(Tensor logits, DMatrixRMaj targets) {
        return Losses.binaryCrossEntropyWithLogits(this, logits, targets);
    }
}
