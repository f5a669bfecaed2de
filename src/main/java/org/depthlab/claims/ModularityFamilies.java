package org.depthlab.claims;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.nn.Module;
import org.depthlab.tensor.Tensor;
import org.depthlab.train.WeightMask;

/**
 * The modularity chapter's instances as {@link Family families}: masks over the block weights
 * of small looped models (binary, or soft as continuous sparsification has them before its
 * temperature reaches 0), and nets of two blocks, disconnected or connected.
 */
public final class ModularityFamilies {

    private ModularityFamilies() {
    }

    /** A looped model of 1–2 blocks, width 4 or 8, with a random binary mask over its block weights. */
    public static Family<MaskedModel> binaryMasks() {
        return new Family<>("binary-mask", (seed, vocab, length) -> masked(seed, vocab, length, false));
    }

    /** The contrast: the same with a soft mask σ(m), m standard normal (temperature 1). */
    public static Family<MaskedModel> softMasks() {
        return new Family<>("soft-mask", (seed, vocab, length) -> masked(seed, vocab, length, true));
    }

    private static MaskedModel masked(long seed, int vocab, int length, boolean soft) {
        SplittableRandom rng = new SplittableRandom(seed);
        int heads = 1 + rng.nextInt(2);
        RefinementModel model = new LoopedConfig(Math.max(2, vocab), Math.max(1, length), 4 * heads, heads, 2.0,
                1 + rng.nextInt(2), 1 + rng.nextInt(2), Positions.LEARNED).build(seed);
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Tensor p : WeightMask.selected(model, n -> n.contains(".layers."))) {
            double[] m = new double[p.value().getNumElements()];
            for (int i = 0; i < m.length; i++) {
                m[i] = soft ? 1.0 / (1.0 + Math.exp(-rng.nextGaussian())) : (rng.nextBoolean() ? 1.0 : 0.0);
            }
            values.put(p.name(), m);
        }
        return new MaskedModel((Module) model, WeightMask.of(values));
    }

    /** Two blocks with no path between them: inputs 1–4 wide, hidden 1–4, outputs 1–3. */
    public static Family<TwoBlockNet> disconnectedBlocks() {
        return new Family<>("disconnected-blocks", (seed, vocab, length) -> twoBlocks(seed, false));
    }

    /** The contrast: A's hidden layer feeds B. */
    public static Family<TwoBlockNet> connectedBlocks() {
        return new Family<>("connected-blocks", (seed, vocab, length) -> twoBlocks(seed, true));
    }

    private static TwoBlockNet twoBlocks(long seed, boolean connected) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new TwoBlockNet(1 + rng.nextInt(4), 1 + rng.nextInt(4), 1 + rng.nextInt(3), connected, rng);
    }
}
