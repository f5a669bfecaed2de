package org.depthlab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Narrows a counterexample made of many changed tokens to a smallest set of them that still
 * shows the violation — exhaustively, so that what the verdict says is true. First every
 * single changed position is tried with the value it had in the failing change (not a new
 * random one); if none alone shows the violation, Zeller's delta debugging (ddmin, Zeller and
 * Hildebrandt 2002, "Simplifying and Isolating Failure-Inducing Input") shrinks the set to one
 * that is 1-minimal: undoing any single change in it makes the violation disappear. A budget
 * bounds the number of runs; a result that hit it says the narrowing was partial.
 */
final class Narrowing {

    /** The runs a narrowing may take before it stops and calls itself partial. */
    static final int BUDGET = 4096;

    /**
     * @param positions the positions kept changed, in increasing order
     * @param tokens    the base with only those positions changed: the narrowed counterexample
     * @param complete  whether the set is known to be 1-minimal (false: the budget ran out)
     * @param runs      how many changed sequences were tried
     */
    record Result(int[] positions, int[] tokens, boolean complete, int runs) {
    }

    private final int[] base;
    private final int[] changed;
    private final Predicate<int[]> violates;
    private int runs;

    private Narrowing(int[] base, int[] changed, Predicate<int[]> violates) {
        this.base = base;
        this.changed = changed;
        this.violates = violates;
    }

    /**
     * A smallest set of the positions where {@code changed} differs from {@code base} whose
     * change alone still {@code violates}. {@code violates(changed)} must hold.
     */
    static Result narrow(int[] base, int[] changed, Predicate<int[]> violates) {
        return new Narrowing(base, changed, violates).run();
    }

    private Result run() {
        List<Integer> all = new ArrayList<>();
        for (int p = 0; p < base.length; p++) {
            if (base[p] != changed[p]) {
                all.add(p);
            }
        }
        for (int p : all) {
            if (test(List.of(p))) {
                return result(List.of(p), true);
            }
        }
        List<Integer> c = all;
        int n = 2;
        boolean complete = true;
        while (c.size() >= 2) {
            if (runs > BUDGET) {
                complete = false;
                break;
            }
            List<List<Integer>> parts = split(c, n);
            boolean reduced = false;
            for (List<Integer> part : parts) {
                if (test(part)) {
                    c = part;
                    n = 2;
                    reduced = true;
                    break;
                }
            }
            if (!reduced && n > 2) {
                for (List<Integer> part : parts) {
                    List<Integer> rest = new ArrayList<>(c);
                    rest.removeAll(part);
                    if (test(rest)) {
                        c = rest;
                        n = Math.max(n - 1, 2);
                        reduced = true;
                        break;
                    }
                }
            }
            if (!reduced) {
                if (n >= c.size()) {
                    break;                   // every single change was tried undone: 1-minimal
                }
                n = Math.min(2 * n, c.size());
            }
        }
        return result(c, complete);
    }

    private boolean test(List<Integer> positions) {
        runs++;
        return violates.test(apply(positions));
    }

    private int[] apply(List<Integer> positions) {
        int[] t = base.clone();
        for (int p : positions) {
            t[p] = changed[p];
        }
        return t;
    }

    private Result result(List<Integer> positions, boolean complete) {
        return new Result(positions.stream().mapToInt(Integer::intValue).sorted().toArray(), apply(positions), complete,
                runs);
    }

    private static List<List<Integer>> split(List<Integer> c, int n) {
        List<List<Integer>> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < n; i++) {
            int to = from + (c.size() - from) / (n - i);
            parts.add(new ArrayList<>(c.subList(from, to)));
            from = to;
        }
        return parts;
    }
}
