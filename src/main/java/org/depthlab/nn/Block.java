package org.depthlab.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.PostNormBlock;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * One transformer block, post-norm as in HRM (Wang et al. 2025, arXiv 2506.21734):
 * <pre>
 *   x ← rms(x + attn(x))
 *   x ← rms(x + mlp(x))
 * </pre>
 * with rms the scale-free RMSNorm, attn bias-free multi-head attention with RoPE and mlp a
 * bias-free SwiGLU. Post-norm (the norm after the residual sum) keeps the state on the unit
 * sphere (times √h) however many times a block is applied, which is what lets HRM and TRM
 * loop the same block many times without the state growing.
 *
 * <p>Each call counts as one layer application for the {@link org.depthlab.tensor.Meter}.
 * With a causal mask, {@link #forwardCached} runs the same block on new positions only,
 * reusing the earlier positions' keys and values (an autoregressive decoder's KV cache).
 * Parameters: {@code name.self_attn.*} and {@code name.mlp.*}.
 */
public final class Block implements SequenceLayer {

    private final MultiHeadAttention attention;
    private final SwiGlu mlp;
    private final RmsNorm norm;
    private final BlockConfig config;
    /** The same weights, as a fused no-grad pass takes them. */
    private final PostNormBlock fused;

    public Block(String name, BlockConfig config, SplittableRandom rng) {
        this.config = config;
        Rope rope = config.usesRope() ? new Rope(config.headDim(), config.maxPositions(), config.ropeTheta()) : null;
        this.attention = new MultiHeadAttention(name + ".self_attn", config.hidden(), config.heads(),
                config.mask(), rope, rng);
        this.mlp = new SwiGlu(name + ".mlp", config.hidden(), config.expansion(), config.ffnMultiple(), rng);
        this.norm = new RmsNorm(config.normEps());
        this.fused = new PostNormBlock(attention.qkvWeight(), attention.outWeight(), mlp.gateUpWeight(),
                mlp.downWeight(), config.heads(), attention.ropeTable(), config.mask(), config.normEps());
    }

    /** One application to every sequence of {@code seqLen} consecutive rows of x. */
    @Override
    public Tensor forward(Tape tape, Tensor x, int seqLen) {
        if (tape.fusesInference()) {
            // Nothing is recorded: the block in one pass, with the bits and costs of the ops below.
            return tape.countLayer(tape.inferBlock(fused, x, seqLen));
        }
        // region block
        Tensor h = norm.residual(tape, x, attention.forward(tape, x, seqLen));   // rms(x + attn(x)), (B·S) × h
        Tensor y = norm.residual(tape, h, mlp.forward(tape, h));                 // rms(h + mlp(h)),  (B·S) × h
        return tape.countLayer(y);
        // endregion
    }

    /**
     * The same block on {@code positions} new positions per sequence after those in
     * {@code cache} (causal mask only): the rows {@link #forward} would give for these positions
     * of the whole sequence, and the cache extended by them. One layer application.
     */
    public KvCache.Step forwardCached(Tape tape, Tensor x, int positions, KvCache cache) {
        KvCache.Step attended = attention.forwardCached(tape, x, positions, cache);
        Tensor h = norm.residual(tape, x, attended.output());     // (B·n) × h for n new positions
        Tensor y = norm.residual(tape, h, mlp.forward(tape, h));
        return new KvCache.Step(tape.countLayer(y), attended.cache());
    }

    public BlockConfig config() {
        return config;
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(attention, mlp);
    }
}
