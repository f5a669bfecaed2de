package org.depthlab.claims;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * What one drawn instance showed: the claim held (with the numbers measured), it failed (with
 * a counterexample and its size, so that the smallest of several can be reported), or the
 * instance could not test it (the light cone covered every position, say).
 *
 * @param status   held, failed or untested
 * @param size     for a counterexample, how large it is (smaller is easier to read); ignored
 *                 otherwise
 * @param evidence the numbers measured, the counterexample, or why nothing was tested
 * @param kind     for an instance that held, the kind the verdict counts (e.g. "solved"), or null
 */
record Trial(Status status, long size, String evidence, String kind) {

    /** The three things an instance can show. */
    enum Status { HELD, FAILED, UNTESTED }

    static Trial held(String evidence) {
        return new Trial(Status.HELD, 0, evidence, null);
    }

    /**
     * An instance that held, of a kind worth counting (e.g. "solved", "dead end"): the verdict
     * then says how many instances of each kind it saw, so that a reader can tell both sides
     * of an "iff" were tried.
     */
    static Trial held(String evidence, String kind) {
        return new Trial(Status.HELD, 0, evidence, kind);
    }

    static Trial failed(long size, String counterexample) {
        return new Trial(Status.FAILED, size, counterexample, null);
    }

    /** An instance on which the claim says nothing (its hypothesis held vacuously); {@code why} says why. */
    static Trial untested(String why) {
        return new Trial(Status.UNTESTED, 0, why, null);
    }

    /** Draws one instance and checks it. */
    @FunctionalInterface
    interface Check {
        Trial apply(Instance instance);
    }

    /**
     * Checks {@code tries} instances, instance i drawn from the i-th number of a random stream
     * seeded with {@code seed} (same seed, same instances). Every instance is checked even after
     * a failure, so that the verdict can show the smallest counterexample, which says which
     * instance it came from; when all hold, the first tested instance's numbers are the
     * evidence. A check whose every instance tested nothing is "not tested".
     */
    static Verdict run(long seed, int tries, Scale scale, Check check) {
        if (tries < 1) {
            throw new IllegalArgumentException("need at least one try, got " + tries);
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        Trial firstHeld = null;
        Trial firstUntested = null;
        Trial smallest = null;
        String smallestWhere = null;
        int tested = 0;
        long inputs = 0;
        Map<String, Integer> kinds = new TreeMap<>();
        Map<String, long[]> sizes = new LinkedHashMap<>();
        for (int i = 0; i < tries; i++) {
            Instance instance = new Instance(seed, seeds.nextLong(), i, tries, scale);
            Trial t = check.apply(instance);
            inputs += instance.inputs();
            instance.sizes().forEach((what, range) -> sizes.merge(what, range.clone(),
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])}));
            switch (t.status()) {
                case HELD -> {
                    tested++;
                    if (firstHeld == null) {
                        firstHeld = t;
                    }
                    if (t.kind() != null) {
                        kinds.merge(t.kind(), 1, Integer::sum);
                    }
                }
                case FAILED -> {
                    tested++;
                    if (smallest == null || t.size() < smallest.size()) {
                        smallest = t;
                        smallestWhere = instance.where();
                    }
                }
                case UNTESTED -> {
                    if (firstUntested == null) {
                        firstUntested = t;
                    }
                }
            }
        }
        String sized = sizes(sizes);
        if (smallest != null) {
            return new Verdict(Verdict.Outcome.FAILS, tries, tested, inputs, sized,
                    "counterexample: " + smallest.evidence() + " (" + smallestWhere + ")");
        }
        if (tested == 0) {
            return new Verdict(Verdict.Outcome.NOT_TESTED, tries, 0, inputs, sized,
                    "nothing tested: " + firstUntested.evidence());
        }
        StringBuilder evidence = new StringBuilder(firstHeld.evidence());
        StringBuilder counted = new StringBuilder();
        kinds.forEach((kind, count) -> counted.append(counted.length() == 0 ? " [" : ", ").append(count)
                .append(' ').append(kind));
        if (counted.length() > 0) {
            evidence.append(counted).append(']');
        }
        if (tested < tries) {
            evidence.append(String.format(Locale.ROOT, "; %d of %d instances tested nothing (%s)", tries - tested, tries,
                    firstUntested.evidence()));
        }
        return new Verdict(Verdict.Outcome.HOLDS, tries, tested, inputs, sized, evidence.toString());
    }

    /** "n 2-64, steps 1-16". */
    private static String sizes(Map<String, long[]> sizes) {
        StringBuilder b = new StringBuilder();
        sizes.forEach((what, range) -> b.append(b.length() == 0 ? "" : ", ").append(what).append(' ')
                .append(range[0] == range[1] ? Long.toString(range[0]) : range[0] + "-" + range[1]));
        return b.toString();
    }
}
