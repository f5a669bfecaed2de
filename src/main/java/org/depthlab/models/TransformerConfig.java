package org.depthlab.models;

/**
 * A fixed-depth transformer: L blocks, one pass per segment.
 *
 * @param layers L
 */
public record TransformerConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, Positions positions)
        implements ModelConfig {

    public TransformerConfig {
        positions = Positions.orDefault(positions);
        ModelConfig.requireShape("transformer", vocab, seqLen, hidden, heads, expansion);
        ModelConfig.requireCount("transformer", "layers", layers);
    }

    /** The same with RoPE positions, HRM's default. */
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
