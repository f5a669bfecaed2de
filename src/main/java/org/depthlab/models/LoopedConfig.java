package org.depthlab.models;

/**
 * Flat parameter-sharing recurrence: one stack of L blocks applied K times per segment.
 *
 * @param layers      L, blocks in the shared stack
 * @param loops       K, applications per segment
 * @param ffnMultiple the SwiGLU width multiple ({@link ModelConfig#ffnMultiple()})
 */
public record LoopedConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, int loops, Positions positions,
                           int ffnMultiple) implements ModelConfig {

    public LoopedConfig {
        positions = Positions.orDefault(positions);
        ffnMultiple = ModelConfig.ffnMultiple("looped", ffnMultiple);
        ModelConfig.requireShape("looped", vocab, seqLen, hidden, heads, expansion);
        ModelConfig.requireCount("looped", "layers", layers);
        ModelConfig.requireCount("looped", "loops", loops);
    }

    /** The same with the unrounded SwiGLU width. */
    public LoopedConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, int loops,
                        Positions positions) {
        this(vocab, seqLen, hidden, heads, expansion, layers, loops, positions, 1);
    }

    /** The same with RoPE positions, HRM's default, and the unrounded SwiGLU width. */
    public LoopedConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, int loops) {
        this(vocab, seqLen, hidden, heads, expansion, layers, loops, Positions.ROPE);
    }

    @Override
    public String kind() {
        return "looped";
    }

    @Override
    public RefinementModel build(long seed) {
        return new LoopedTransformer(this, seed);
    }
}
