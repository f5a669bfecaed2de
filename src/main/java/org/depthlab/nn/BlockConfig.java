package org.depthlab.nn;

import org.depthlab.tensor.AttentionMask;

/**
 * The shape of one transformer block.
 *
 * @param hidden       model width h
 * @param heads        attention heads (h must divide evenly)
 * @param expansion    SwiGLU expansion (inner width round(expansion·h·2/3))
 * @param mask         which positions attend to which
 * @param ropeTheta    RoPE base θ, or 0 for no rotary embedding (a model whose input carries
 *                     learned absolute positions instead)
 * @param maxPositions the longest sequence the RoPE table covers
 * @param normEps      RMSNorm ε
 */
public record BlockConfig(int hidden, int heads, double expansion, AttentionMask mask,
                          double ropeTheta, int maxPositions, double normEps) {

    public BlockConfig {
        if (hidden <= 0 || heads <= 0 || hidden % heads != 0) {
            throw new IllegalArgumentException("hidden " + hidden + " must be a positive multiple of heads " + heads);
        }
        if ((hidden / heads) % 2 != 0) {
            throw new IllegalArgumentException("head width " + hidden / heads + " must be even for RoPE");
        }
        if (!(expansion > 0) || maxPositions <= 0 || !(normEps > 0) || !(ropeTheta >= 0)) {
            throw new IllegalArgumentException("expansion, maxPositions and normEps must be positive, ropeTheta >= 0");
        }
    }

    /** HRM's block: full attention, expansion 4, θ 10000, ε 1e-5. */
    public static BlockConfig hrm(int hidden, int heads, int maxPositions) {
        return new BlockConfig(hidden, heads, 4.0, AttentionMask.full(), Rope.DEFAULT_THETA, maxPositions,
                RmsNorm.DEFAULT_EPS);
    }

    /** The same block with another mask. */
    public BlockConfig withMask(AttentionMask newMask) {
        return new BlockConfig(hidden, heads, expansion, newMask, ropeTheta, maxPositions, normEps);
    }

    /** Whether attention rotates queries and keys by position (RoPE). */
    public boolean usesRope() {
        return ropeTheta > 0;
    }

    public int headDim() {
        return hidden / heads;
    }
}
