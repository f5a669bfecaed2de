package org.depthlab.claims;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One instance of a check, as {@link Trial#run} hands it to the claim: where it comes from
 * (the check's seed and its index, so that a counterexample can say how to draw it again), a
 * random stream of its own, the sizes it may take — and a record of what it tried, for the
 * verdict: the sizes, and the number of inputs.
 *
 * <p>Sizes are drawn across scales: the first instance of a check takes the family's bound
 * (a violation that starts late is then always reached), the second the smallest size, and
 * the others a log-uniform size in between — as many draws from 2–3 as from 30–45.
 */
final class Instance {

    private final long checkSeed;
    private final long seed;
    private final int index;
    private final int of;
    private final Scale scale;
    private final SplittableRandom rng;
    private final Map<String, long[]> sizes = new LinkedHashMap<>();
    private long inputs;

    Instance(long checkSeed, long seed, int index, int of, Scale scale) {
        this.checkSeed = checkSeed;
        this.seed = seed;
        this.index = index;
        this.of = of;
        this.scale = scale;
        this.rng = new SplittableRandom(seed);
    }

    /** The seed this instance's model is drawn from. */
    long seed() {
        return seed;
    }

    /** This instance's own random stream (inputs, perturbations). */
    SplittableRandom rng() {
        return rng;
    }

    Scale scale() {
        return scale;
    }

    /** Whether this is the first instance: it takes the bounds, and the exhaustive probes. */
    boolean first() {
        return index == 0;
    }

    /** A size in [min, max]: max in the first instance, min in the second, log-uniform in the others. */
    int size(int min, int max) {
        if (max <= min) {
            return min;
        }
        if (index == 0) {
            return max;
        }
        if (index == 1) {
            return min;
        }
        return logUniform(min, max);
    }

    /** A number of positions from min up to the family's bound. */
    int length(int min) {
        return size(min, Math.max(min, scale.maxLength()));
    }

    /** A number of recurrent steps from min up to the family's bound. */
    int steps(int min) {
        return size(min, Math.max(min, scale.maxSteps()));
    }

    /** An integer in [min, max] whose logarithm is uniform: every scale equally likely. */
    int logUniform(int min, int max) {
        if (max <= min) {
            return min;
        }
        double lo = Math.log(min);
        double hi = Math.log(max + 1.0);
        return (int) Math.min(max, Math.max(min, Math.floor(Math.exp(rng.nextDouble(lo, hi)))));
    }

    /** Notes a size this instance tried (e.g. "n", 37), for the verdict's range of sizes. */
    void tried(String what, long value) {
        long[] range = sizes.computeIfAbsent(what, k -> new long[] {value, value});
        range[0] = Math.min(range[0], value);
        range[1] = Math.max(range[1], value);
    }

    /** Counts inputs (input sequences, input pairs, decisions) this instance checked. */
    void inputs(long n) {
        inputs += n;
    }

    long inputs() {
        return inputs;
    }

    Map<String, long[]> sizes() {
        return sizes;
    }

    /** "seed 1, instance 3 of 10": how to draw this instance again. */
    String where() {
        return String.format(Locale.ROOT, "seed %d, instance %d of %d", checkSeed, index + 1, of);
    }
}
