package org.depthlab.models;

/**
 * A fixed-depth transformer: L blocks, one pass per segment.
 *
 * @param layers      L
 * @param ffnMultiple the SwiGLU width multiple ({@link ModelConfig#ffnMultiple()})
 */
public record TransformerConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, Positions positions,
                                int ffnMultiple) implements ModelConfig {

    public TransformerConfig {
        positions = Positions.orDefault(positions);
        ffnMultiple = ModelConfig.ffnMultiple("transformer", ffnMultiple);
        ModelConfig.requireShape("transformer", vocab, seqLen, hidden, heads, expansion);
        ModelConfig.requireCount("transformer", "layers", layers);
    }

    /** The same with the unrounded SwiGLU width. */
    public TransformerConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, Positions positions) {
        this(vocab, seqLen, hidden, heads, expansion, layers, positions, 1);
    }

    /** The same with RoPE positions, HRM's default, and the unrounded SwiGLU width. */
    public TransformerConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers) {
        this(vocab, seqLen, hidden, heads, expansion, layers, Positions.ROPE);
    }

    @Override
    public String kind() {
        return "transformer";
    }

    @Override
    public RefinementModel build(long seed) {
        return new Transformer(this, seed);
    }
}
