package org.depthlab.models;

/**
 * A fixed-depth transformer: L blocks, one pass per segment.
 *
 * @param layers L
 */
public record TransformerConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers)
        implements ModelConfig {

    public TransformerConfig {
        ModelConfig.requireShape("transformer", vocab, seqLen, hidden, heads, expansion);
        ModelConfig.requireCount("transformer", "layers", layers);
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
