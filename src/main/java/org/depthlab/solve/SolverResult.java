package org.depthlab.solve;

import java.util.Optional;

/**
 * What one run of the {@link CspSolver} found and what it cost.
 *
 * @param solutions the solutions found (at most the limit asked for)
 * @param exhausted true if the whole search tree was explored, so {@code solutions} is the
 *     exact count; false if the search stopped at the limit
 * @param nodes values tried (assignments made) over the whole run
 * @param backtracks tried values taken back because no solution lay below them, counted up
 *     to the first solution (over the whole run when there is none) — the difficulty
 * @param nanos wall-clock time of the run in nanoseconds (measured, never compared)
 * @param first the first solution found, or null when there is none
 */
public record SolverResult(long solutions, boolean exhausted, long nodes, long backtracks,
        long nanos, int[] first) {

    public SolverResult {
        first = first == null ? null : first.clone();
    }

    /** Whether a solution was found. */
    public boolean solved() {
        return first != null;
    }

    /** The first solution found (in the solver's order), if any. */
    public Optional<int[]> firstSolution() {
        return first == null ? Optional.empty() : Optional.of(first.clone());
    }

    /** The first solution as a copy, or null; prefer {@link #firstSolution()}. */
    @Override
    public int[] first() {
        return first == null ? null : first.clone();
    }

    @Override
    public String toString() {
        return "SolverResult[solutions=" + solutions + ", exhausted=" + exhausted + ", nodes=" + nodes
                + ", backtracks=" + backtracks + ", first=" + java.util.Arrays.toString(first) + "]";
    }
}
