package org.depthlab.models;

/**
 * The Hierarchical Reasoning Model's shape (Wang et al. 2025). Book symbols: N = hCycles,
 * T = lCycles.
 *
 * @param hLayers blocks in the slow module H
 * @param lLayers blocks in the fast module L
 * @param hCycles N, H-steps per segment
 * @param lCycles T, L-steps per H-step
 */
public record HrmConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int hLayers, int lLayers,
                        int hCycles, int lCycles, Positions positions) implements ModelConfig {

    public HrmConfig {
        positions = Positions.orDefault(positions);
        ModelConfig.requireShape("hrm", vocab, seqLen, hidden, heads, expansion);
        ModelConfig.requireCount("hrm", "H layers", hLayers);
        ModelConfig.requireCount("hrm", "L layers", lLayers);
        ModelConfig.requireCount("hrm", "H cycles (N)", hCycles);
        ModelConfig.requireCount("hrm", "L cycles (T)", lCycles);
    }

    /** The same with RoPE positions, HRM's default. */
    public HrmConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int hLayers, int lLayers, int hCycles, int lCycles) {
        this(vocab, seqLen, hidden, heads, expansion, hLayers, lLayers, hCycles, lCycles, Positions.ROPE);
    }

    @Override
    public String kind() {
        return "hrm";
    }

    @Override
    public RefinementModel build(long seed) {
        return new Hrm(this, seed);
    }
}
