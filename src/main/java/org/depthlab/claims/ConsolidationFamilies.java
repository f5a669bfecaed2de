package org.depthlab.claims;

import java.util.SplittableRandom;
import org.depthlab.models.FastWeights;
import org.depthlab.models.Recall;
import org.depthlab.models.RecallConfig;

/**
 * The consolidation chapter's models and key sets as {@link Family families} the claims draw
 * from: small random widths (2–4), weights from the seed, the node vocabulary the claim asks
 * for — and, as the claim's "length", the number of recurrent passes (sleep passes for fast
 * weights, attention reads for a kept context). Key sets take the claim's vocabulary as their
 * width d and its length as their number of keys.
 */
public final class ConsolidationFamilies {

    private ConsolidationFamilies() {
    }

    private static RecallConfig config(RecallConfig.Kind kind, int nodes, int passes, SplittableRandom rng) {
        return new RecallConfig(kind, Math.max(2, nodes), 1 + rng.nextInt(3), 2 + rng.nextInt(3), 2 + rng.nextInt(3),
                2 + rng.nextInt(3), Math.max(1, passes));
    }

    /** Fast weights whose N sleep passes read no token. */
    public static Family<FastWeights> sleepingFastWeights() {
        return new Family<>("fast-weights", (seed, vocab, length) ->
                (FastWeights) config(RecallConfig.Kind.FAST_WEIGHTS, vocab, length, new SplittableRandom(seed)).build(seed));
    }

    /** The contrast: sleep passes that read the context's tokens again. */
    public static Family<FastWeights> rereading() {
        return new Family<>("rereading", (seed, vocab, length) ->
                (FastWeights) config(RecallConfig.Kind.REREADING, vocab, length, new SplittableRandom(seed)).build(seed));
    }

    /** Fast weights as recall models (what they keep after the drop). */
    public static Family<Recall> fastWeights() {
        return new Family<>("fast-weights", (seed, vocab, length) ->
                config(RecallConfig.Kind.FAST_WEIGHTS, vocab, length, new SplittableRandom(seed)).build(seed));
    }

    /** The contrast: a context that is kept, and read by attention at every question. */
    public static Family<Recall> keptContext() {
        return new Family<>("kept-context", (seed, vocab, length) ->
                config(RecallConfig.Kind.KEPT_CONTEXT, vocab, length, new SplittableRandom(seed)).build(seed));
    }

    /** n ≤ d orthonormal keys in d dimensions, random values and a random starting memory. */
    public static Family<KeySet> orthonormalKeys() {
        return new Family<>("orthonormal-keys", (seed, vocab, length) -> {
            int d = Math.max(1, vocab);
            return KeySet.orthonormal(Math.max(1, Math.min(length, d)), d, new SplittableRandom(seed));
        });
    }

    /** The contrast: n ≥ 2 unit keys in random directions in d ≥ 2 dimensions. */
    public static Family<KeySet> overlappingKeys() {
        return new Family<>("overlapping-keys", (seed, vocab, length) ->
                KeySet.overlapping(Math.max(2, length), Math.max(2, vocab), new SplittableRandom(seed)));
    }
}
