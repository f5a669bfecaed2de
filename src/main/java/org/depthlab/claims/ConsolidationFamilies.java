package org.depthlab.claims;

import java.util.SplittableRandom;
import org.depthlab.models.FastWeights;
import org.depthlab.models.Recall;
import org.depthlab.models.RecallConfig;

/**
 * The consolidation chapter's models and key sets as {@link Family families} the claims draw
 * from: small random widths (2–4) and 1–3 sleep passes, the node vocabulary the claim asks
 * for, weights from the seed.
 */
public final class ConsolidationFamilies {

    private ConsolidationFamilies() {
    }

    private static RecallConfig config(RecallConfig.Kind kind, int nodes, SplittableRandom rng) {
        return new RecallConfig(kind, Math.max(2, nodes), 1 + rng.nextInt(3), 2 + rng.nextInt(3), 2 + rng.nextInt(3),
                2 + rng.nextInt(3), 1 + rng.nextInt(3));
    }

    /** Fast weights with N = 1..3 sleep passes that read no token. */
    public static Family<FastWeights> sleepingFastWeights() {
        return new Family<>("fast-weights", (seed, vocab, length) ->
                (FastWeights) config(RecallConfig.Kind.FAST_WEIGHTS, vocab, new SplittableRandom(seed)).build(seed));
    }

    /** The contrast: sleep passes that read the context's tokens again. */
    public static Family<FastWeights> rereading() {
        return new Family<>("rereading", (seed, vocab, length) ->
                (FastWeights) config(RecallConfig.Kind.REREADING, vocab, new SplittableRandom(seed)).build(seed));
    }

    /** Fast weights as recall models (what they keep after the drop). */
    public static Family<Recall> fastWeights() {
        return new Family<>("fast-weights", (seed, vocab, length) ->
                config(RecallConfig.Kind.FAST_WEIGHTS, vocab, new SplittableRandom(seed)).build(seed));
    }

    /** The contrast: a context that is kept, read by 1–3 attention reads per question. */
    public static Family<Recall> keptContext() {
        return new Family<>("kept-context", (seed, vocab, length) ->
                config(RecallConfig.Kind.KEPT_CONTEXT, vocab, new SplittableRandom(seed)).build(seed));
    }

    /** 1..d orthonormal keys in d = 1..6 dimensions, random values, a random starting memory. */
    public static Family<KeySet> orthonormalKeys() {
        return new Family<>("orthonormal-keys", (seed, vocab, length) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int d = 1 + rng.nextInt(6);
            return KeySet.orthonormal(1 + rng.nextInt(d), d, rng);
        });
    }

    /** The contrast: 2..6 unit keys in random directions in d = 2..6 dimensions. */
    public static Family<KeySet> overlappingKeys() {
        return new Family<>("overlapping-keys", (seed, vocab, length) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int d = 2 + rng.nextInt(5);
            return KeySet.overlapping(2 + rng.nextInt(5), d, rng);
        });
    }
}
