package org.depthlab.solve;

/**
 * A binary constraint satisfaction problem (CSP): variables 0..n−1, each taking a value in
 * 0..d−1, some of them given, and constraints between pairs of variables (Russell and
 * Norvig, <i>Artificial Intelligence: A Modern Approach</i>, 4th ed., ch. 6).
 *
 * <p>A constraint is described by what forward checking needs and nothing more: for a
 * neighbour y of x and a value vx of x, the bit mask of values of y that are still allowed
 * once x = vx. Sudoku says "any value but vx"; N-Queens says "not the same column and not on
 * either diagonal". The masks make a domain one {@code long}, so d is at most 64.
 *
 * <p>Contract: neighbourhood and compatibility are symmetric — y is a neighbour of x iff x is
 * a neighbour of y, and vy is in {@code compatible(x, vx, y)} iff vx is in
 * {@code compatible(y, vy, x)}. Forward checking relies on it: a value that survived pruning
 * by every assigned neighbour is compatible with each of them from both sides, so a complete
 * assignment reached by forward checking is a solution.
 *
 * <p>In the puzzles that use a CSP (Sudoku, N-Queens completion, Futoshiki, logic grids)
 * variable i is token position i, so a decoder can ask {@link CspState#domain(int)} which
 * values a position still allows.
 */
public interface Csp {

    /** The number of variables n. */
    int variableCount();

    /** The number of values d each variable ranges over (values are 0..d−1), 1 ≤ d ≤ 64. */
    int valueCount();

    /** The value the puzzle gives variable {@code var}, or −1 when it is left open. */
    int given(int var);

    /** The variables that share a constraint with {@code var} (without {@code var} itself). */
    int[] neighbours(int var);

    /** The mask of values of neighbour {@code y} that are compatible with {@code x = vx}. */
    long compatible(int x, int vx, int y);

    /** The mask of all d values. */
    default long allValues() {
        return valueCount() == 64 ? -1L : (1L << valueCount()) - 1;
    }

    /**
     * The values {@code var} may take before any constraint is applied — a unary constraint.
     * All d values unless a CSP says otherwise: a logic grid's attribute ranges over the
     * houses only, while the clue positions of its token sequence use more values.
     */
    default long initialDomain(int var) {
        return allValues();
    }

    /**
     * Whether {@code values} is a solution: every variable has a value in 0..d−1, every given
     * is kept, and every constraint holds. This is the verifier, independent of any search.
     */
    default boolean isSolution(int[] values) {
        int n = variableCount();
        if (values == null || values.length != n) {
            return false;
        }
        for (int x = 0; x < n; x++) {
            if (values[x] < 0 || values[x] >= valueCount() || (initialDomain(x) & (1L << values[x])) == 0) {
                return false;
            }
            if (given(x) >= 0 && given(x) != values[x]) {
                return false;
            }
        }
        for (int x = 0; x < n; x++) {
            for (int y : neighbours(x)) {
                if ((compatible(x, values[x], y) & (1L << values[y])) == 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
