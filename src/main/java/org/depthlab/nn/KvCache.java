package org.depthlab.nn;

import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * What one causal attention layer keeps while a decoder emits tokens: the keys and values
 * (after RoPE) of every position seen so far, for every sequence of a batch.
 *
 * <p>Under a causal mask, position t's keys and values depend only on positions ≤ t, so they
 * never change once computed. A decoding step therefore computes q, k, v for the new position
 * only, appends k and v here, and attends from the new query over all cached keys: one step
 * costs attention over the prefix (t + 1 keys) and one row through every projection, instead
 * of a whole pass over t + 1 positions (Pope et al. 2022, "Efficiently Scaling Transformer
 * Inference", §2, describe the cache as it is used in practice).
 *
 * <p>A cache is an immutable value: {@link #append} returns a new cache and leaves this one as
 * it was. A search that takes a token back (backtracking decoding) simply returns to the
 * cache it had before the token — retraction costs nothing. The price is a copy of the prefix
 * per step (memory traffic, no FLOPs).
 *
 * @param keys   (sequences · length) × hidden, sequence after sequence; null when empty
 * @param values the same shape as keys; null when empty
 * @param length positions per sequence held
 */
public record KvCache(Tensor keys, Tensor values, int length) {

    public KvCache {
        if (length < 0 || (length == 0) != (keys == null) || (keys == null) != (values == null)) {
            throw new IllegalArgumentException("a cache holds keys and values for length >= 1, or nothing at length 0");
        }
    }

    /** The cache before the first position. */
    public static KvCache empty() {
        return new KvCache(null, null, 0);
    }

    /** This cache with {@code positions} more positions per sequence (k and v of the new rows). */
    public KvCache append(Tape tape, Tensor k, Tensor v, int positions) {
        if (length == 0) {
            return new KvCache(k, v, positions);
        }
        return new KvCache(tape.appendPositions(keys, length, k, positions),
                tape.appendPositions(values, length, v, positions), length + positions);
    }

    /**
     * A layer's output for the new positions and the cache that now includes them.
     *
     * @param output (sequences · new positions) × hidden
     * @param cache  the cache after this step
     */
    public record Step(Tensor output, KvCache cache) {
    }
}
