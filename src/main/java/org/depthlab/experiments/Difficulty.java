package org.depthlab.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.depthlab.solve.Csp;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.SolverResult;
import org.depthlab.tasks.Puzzle;

/**
 * Puzzle difficulty as the book measures it — the backtracks the CSP solver (forward checking,
 * fewest values first) needs — and the buckets the difficulty figure groups puzzles into:
 * 0, 1, 2–3, 4–7, 8–15, … (powers of two, since difficulty spans orders of magnitude).
 */
final class Difficulty {

    private Difficulty() {
    }

    /** The solver's run on {@code p}, or empty for a task without constraints (mazes, pointer chasing). */
    static Optional<SolverResult> solve(Puzzle p) {
        Optional<Csp> csp = p.constraints();
        return csp.map(c -> new CspSolver().solve(c));
    }

    /** Bucket k holds 0 for k = 0, and [2^(k−1), 2^k − 1] for k ≥ 1. */
    static int bucket(long backtracks) {
        return backtracks == 0 ? 0 : 64 - Long.numberOfLeadingZeros(backtracks);
    }

    /** The least backtracks of bucket k. */
    static long low(int k) {
        return k == 0 ? 0 : 1L << (k - 1);
    }

    /** The most backtracks of bucket k. */
    static long high(int k) {
        return k == 0 ? 0 : (1L << k) - 1;
    }

    /** "0", "1", "2–3", … */
    static String label(long low, long high) {
        return low == high ? Long.toString(low) : low + "–" + high;
    }

    /**
     * The puzzles grouped by bucket, in increasing difficulty; one group of all of them when
     * the task has no constraints (the key is then −1).
     */
    static TreeMap<Integer, List<Puzzle>> group(List<Puzzle> puzzles) {
        TreeMap<Integer, List<Puzzle>> out = new TreeMap<>();
        for (Puzzle p : puzzles) {
            int k = solve(p).map(r -> bucket(r.backtracks())).orElse(-1);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(p);
        }
        return out;
    }
}
