package org.depthlab.claims;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * What one drawn instance showed: the claim held (with the numbers measured), or it failed
 * (with a counterexample and its size, so that the smallest of several can be reported).
 *
 * @param holds    whether the instance agrees with the claim
 * @param size     for a counterexample, how large it is (smaller is easier to read); ignored
 *                 otherwise
 * @param evidence the numbers measured, or the counterexample
 * @param kind     for an instance that held, the kind the verdict counts (e.g. "solved"), or null
 */
record Trial(boolean holds, long size, String evidence, String kind) {

    static Trial held(String evidence) {
        return new Trial(true, 0, evidence, null);
    }

    /**
     * An instance that held, of a kind worth counting (e.g. "solved", "dead end"): the verdict
     * then says how many instances of each kind it saw, so that a reader can tell both sides
     * of an "iff" were tried.
     */
    static Trial held(String evidence, String kind) {
        return new Trial(true, 0, evidence, kind);
    }

    static Trial failed(long size, String counterexample) {
        return new Trial(false, size, counterexample, null);
    }

    /** Draws one instance from its seed s (and a random stream seeded with s) and checks it. */
    @FunctionalInterface
    interface Instance {
        Trial apply(long seed, SplittableRandom rng);
    }

    /**
     * Checks {@code tries} instances, instance i drawn from the i-th number of a random stream
     * seeded with {@code seed} (same seed, same instances). Every instance is checked even after
     * a failure, so that the verdict can show the smallest counterexample; when all hold, the
     * first instance's numbers are the evidence.
     */
    static Verdict run(long seed, int tries, Instance check) {
        if (tries < 1) {
            throw new IllegalArgumentException("need at least one try, got " + tries);
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        Trial first = null;
        Trial smallest = null;
        Map<String, Integer> kinds = new TreeMap<>();
        for (int i = 0; i < tries; i++) {
            long s = seeds.nextLong();
            Trial t = check.apply(s, new SplittableRandom(s));
            if (first == null) {
                first = t;
            }
            if (t.kind() != null) {
                kinds.merge(t.kind(), 1, Integer::sum);
            }
            if (!t.holds() && (smallest == null || t.size() < smallest.size())) {
                smallest = t;
            }
        }
        StringBuilder counted = new StringBuilder();
        kinds.forEach((kind, count) -> counted.append(counted.length() == 0 ? " [" : ", ").append(count)
                .append(' ').append(kind));
        return smallest == null
                ? new Verdict(Verdict.Outcome.HOLDS, tries, first.evidence()
                        + (counted.length() == 0 ? "" : counted + "]"))
                : new Verdict(Verdict.Outcome.FAILS, tries, "counterexample: " + smallest.evidence());
    }
}
