package org.depthlab.models;

/**
 * Flat parameter-sharing recurrence: one stack of L blocks applied K times per segment.
 *
 * @param layers L, blocks in the shared stack
 * @param loops  K, applications per segment
 */
public record LoopedConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, int loops)
        implements ModelConfig {

    public LoopedConfig {
        ModelConfig.requireShape("looped", vocab, seqLen, hidden, heads, expansion);
        ModelConfig.requireCount("looped", "layers", layers);
        ModelConfig.requireCount("looped", "loops", loops);
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
