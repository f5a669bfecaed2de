package org.depthlab.tensor;

/**
 * The angles of rotary position embedding (Su et al. 2021, "RoFormer", arXiv 2104.09864):
 * position p turns the feature pair (i, i + d/2) of every head by the angle p·θ^(−2i/d).
 *
 * <p>Pairs are (i, i + d/2), the "rotate half" layout that HRM and most PyTorch code use, not
 * adjacent features; with the same θ the numbers match theirs exactly.
 *
 * @param positions how many positions the table covers (at least the sequence length)
 * @param headDim   d, the width of one attention head (even)
 * @param cos       cos(p·ω_i) at [p·(d/2) + i]
 * @param sin       sin(p·ω_i) at [p·(d/2) + i]
 */
public record RopeTable(int positions, int headDim, double[] cos, double[] sin) {

    /** Builds the table for {@code positions} positions, head width d and base θ. */
    public static RopeTable of(int positions, int headDim, double theta) {
        if (headDim % 2 != 0 || headDim <= 0) {
            throw new IllegalArgumentException("RoPE needs an even head width, got " + headDim);
        }
        int half = headDim / 2;
        double[] cos = new double[positions * half];
        double[] sin = new double[positions * half];
        for (int i = 0; i < half; i++) {
            double omega = 1.0 / Math.pow(theta, (2.0 * i) / headDim);
            for (int p = 0; p < positions; p++) {
                cos[p * half + i] = Math.cos(p * omega);
                sin[p * half + i] = Math.sin(p * omega);
            }
        }
        return new RopeTable(positions, headDim, cos, sin);
    }
}
