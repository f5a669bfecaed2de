package org.depthlab.models;

/**
 * The Hierarchical Reasoning Model's shape (Wang et al. 2025; [HRM] in book/references.md).
 * Book symbols: N = hCycles, T = lCycles.
 *
 * <p>HRM's own blocks round the SwiGLU width up to a multiple of 256 ({@code ffnMultiple}
 * {@link org.depthlab.nn.BlockConfig#HRM_FFN_MULTIPLE}, what {@code depthlab train --model hrm}
 * builds); the shorter constructors build the unrounded width (1), the small shapes the tests
 * and the claims draw.
 *
 * @param hLayers     blocks in the slow module H
 * @param lLayers     blocks in the fast module L
 * @param hCycles     N, H-steps per segment
 * @param lCycles     T, L-steps per H-step
 * @param ffnMultiple the SwiGLU width multiple ({@link ModelConfig#ffnMultiple()})
 */
public record HrmConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int hLayers, int lLayers,
                        int hCycles, int lCycles, Positions positions, int ffnMultiple) implements ModelConfig {

    public HrmConfig {
        positions = Positions.orDefault(positions);
        ffnMultiple = ModelConfig.ffnMultiple("hrm", ffnMultiple);
        ModelConfig.requireShape("hrm", vocab, seqLen, hidden, heads, expansion);
        ModelConfig.requireCount("hrm", "H layers", hLayers);
        ModelConfig.requireCount("hrm", "L layers", lLayers);
        ModelConfig.requireCount("hrm", "H cycles (N)", hCycles);
        ModelConfig.requireCount("hrm", "L cycles (T)", lCycles);
    }

    /** The same with the unrounded SwiGLU width. */
    public HrmConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int hLayers, int lLayers,
                     int hCycles, int lCycles, Positions positions) {
        this(vocab, seqLen, hidden, heads, expansion, hLayers, lLayers, hCycles, lCycles, positions, 1);
    }

    /** The same with RoPE positions, HRM's default, and the unrounded SwiGLU width. */
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
