package org.depthlab.nn;

import org.depthlab.tensor.AttentionMask;

/**
 * The shape of one transformer block.
 *
 * @param hidden       model width h
 * @param heads        attention heads (h must divide evenly)
 * @param expansion    SwiGLU expansion
 * @param mask         which positions attend to which
 * @param ropeTheta    RoPE base θ, or 0 for no rotary embedding (a model whose input carries
 *                     learned absolute positions instead, or none)
 * @param maxPositions the longest sequence the RoPE table covers
 * @param normEps      RMSNorm ε
 * @param ffnMultiple  the SwiGLU inner width is round(expansion·h·2/3) rounded up to a multiple
 *                     of this ({@link SwiGlu#findMultiple}): 256 in HRM, 1 unrounded
 */
public record BlockConfig(int hidden, int heads, double expansion, AttentionMask mask,
                          double ropeTheta, int maxPositions, double normEps, int ffnMultiple) {

    /** HRM's and TRM's SwiGLU width multiple ({@code _find_multiple(…, 256)} in their {@code models/layers.py}). */
    public static final int HRM_FFN_MULTIPLE = 256;

    public BlockConfig {
        if (hidden <= 0 || heads <= 0 || hidden % heads != 0) {
            throw new IllegalArgumentException("hidden " + hidden + " must be a positive multiple of heads " + heads);
        }
        if ((hidden / heads) % 2 != 0) {
            throw new IllegalArgumentException("head width " + hidden / heads + " must be even for RoPE");
        }
        if (!(expansion > 0) || maxPositions <= 0 || !(normEps > 0) || !(ropeTheta >= 0) || ffnMultiple < 1) {
            throw new IllegalArgumentException("expansion, maxPositions and normEps must be positive, ropeTheta >= 0,"
                    + " ffnMultiple >= 1");
        }
    }

    /** The same with the unrounded SwiGLU width (ffnMultiple 1). */
    public BlockConfig(int hidden, int heads, double expansion, AttentionMask mask, double ropeTheta,
                       int maxPositions, double normEps) {
        this(hidden, heads, expansion, mask, ropeTheta, maxPositions, normEps, 1);
    }

    /** HRM's block: full attention, expansion 4, θ 10000, ε 1e-5, SwiGLU width a multiple of 256. */
    public static BlockConfig hrm(int hidden, int heads, int maxPositions) {
        return new BlockConfig(hidden, heads, 4.0, AttentionMask.full(), Rope.DEFAULT_THETA, maxPositions,
                RmsNorm.DEFAULT_EPS, HRM_FFN_MULTIPLE);
    }

    /** The same block with another mask. */
    public BlockConfig withMask(AttentionMask newMask) {
        return new BlockConfig(hidden, heads, expansion, newMask, ropeTheta, maxPositions, normEps, ffnMultiple);
    }

    /** The SwiGLU's inner width. */
    public int ffnInner() {
        return SwiGlu.findMultiple(SwiGlu.innerWidth(hidden, expansion), ffnMultiple);
    }

    /** Whether attention rotates queries and keys by position (RoPE). */
    public boolean usesRope() {
        return ropeTheta > 0;
    }

    public int headDim() {
        return hidden / heads;
    }
}
