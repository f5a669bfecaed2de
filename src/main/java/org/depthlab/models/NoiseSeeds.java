package org.depthlab.models;

/**
 * Where a stochastic model's random numbers come from: a seed per sequence, derived from a base
 * seed and an index by a fixed mixing function, so that
 * <ul>
 *   <li>a run is reproducible: the same base gives the same seeds, and so the same noise;</li>
 *   <li>samples are independent: sample i's seed depends on (base, i) only — not on how many
 *       samples are drawn beside it, nor on which rows of a batch they share — so the first N
 *       samples of a larger draw are exactly the N samples of a smaller one, and pass@N can only
 *       grow with N (the width claim of chapter 14 checks this).</li>
 * </ul>
 * The mix is Stafford's "variant 13" of the MurmurHash3 finaliser, the one {@code
 * java.util.SplittableRandom} uses to derive its streams (Steele, Lea and Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014): consecutive indices give
 * unrelated seeds.
 */
public final class NoiseSeeds {

    /** The odd constant SplittableRandom steps by (2⁶⁴/φ). */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private NoiseSeeds() {
    }

    /** The seed of item {@code index} under {@code base}: mix(base + (index + 1)·γ). */
    public static long derive(long base, long index) {
        return mix64(base + (index + 1) * GOLDEN_GAMMA);
    }

    /** {@code count} seeds, one per row: derive(base, 0), derive(base, 1), …. */
    public static long[] rows(long base, int count) {
        long[] seeds = new long[count];
        for (int i = 0; i < count; i++) {
            seeds[i] = derive(base, i);
        }
        return seeds;
    }

    /** Every seed of {@code seeds} derived once more with {@code index} (e.g. a segment number). */
    public static long[] next(long[] seeds, long index) {
        long[] out = new long[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            out[i] = derive(seeds[i], index);
        }
        return out;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
