package org.depthlab.solve;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The classical baseline: depth-first search with forward checking over a {@link Csp}. It is
 * sound (it reports only solutions) and complete (it finds every solution, so it can count
 * and enumerate them), and its work — in particular its backtracks — is the difficulty ruler
 * for the puzzles (the role tdoku's rating plays for Sudoku-Extreme).
 *
 * <p><b>The order.</b> At every node the search picks one open variable by its
 * {@link VariableOrder} — by default {@link VariableOrder#MRV}: the open variable with the
 * fewest values left in its forward-checked domain, ties to the lowest index — and tries the
 * values left in that domain in ascending order (value 0 first). Nothing else is random or
 * adaptive, so the same puzzle always gives the same search tree.
 *
 * <p><b>Nodes and backtracks.</b> Trying a value is one <i>node</i>: the value is assigned and
 * forward checking prunes the open neighbours ({@link CspState#assign}). If that empties a
 * domain (a wipe-out) the value fails at once; otherwise the search descends. A
 * <i>backtrack</i> is a tried value that is taken back because no solution lay below it —
 * whether the failure was an immediate wipe-out or a whole failed subtree. Backtracks are
 * counted until the first solution is found (over the whole search when there is none); the
 * values on the path to a solution are never counted. Hence a search that finds a solution
 * has made exactly {@code open + backtracks} nodes by then, where {@code open} is the number of
 * variables open at the start, and a puzzle's <b>difficulty</b> is its backtracks under MRV.
 *
 * <p>With this count, zero backtracks means the very first value tried at every step led
 * straight to a solution — which is exactly what the {@link GreedyDecoder} does in the same
 * order. So the greedy decoder solves a puzzle iff this solver solves it with zero
 * backtracks.
 *
 * <p>Forward checking with MRV follows Haralick and Elliott, "Increasing tree search
 * efficiency for constraint satisfaction problems" (Artificial Intelligence 14, 1980).
 */
public final class CspSolver {

    private final VariableOrder order;

    /** A solver that uses the MRV order, the one that defines difficulty. */
    public CspSolver() {
        this(VariableOrder.MRV);
    }

    /** A solver that fills variables in {@code order} (values always ascending). */
    public CspSolver(VariableOrder order) {
        this.order = order;
    }

    /** The variable order of this solver. */
    public VariableOrder order() {
        return order;
    }

    /** Finds the first solution of {@code csp} in this solver's order. */
    public SolverResult solve(Csp csp) {
        return search(new CspState(csp), 1, s -> { });
    }

    /** Counts the solutions of {@code csp}, stopping at {@code limit} (e.g. 2 to test uniqueness). */
    public SolverResult count(Csp csp, long limit) {
        return search(new CspState(csp), limit, s -> { });
    }

    /** Finds every solution of {@code csp} and hands each to {@code onSolution}, in search order. */
    public SolverResult enumerate(Csp csp, Consumer<int[]> onSolution) {
        return search(new CspState(csp), Long.MAX_VALUE, onSolution);
    }

    /**
     * Searches from {@code start} (which it leaves as it found it), giving each solution to
     * {@code onSolution} until {@code limit} solutions have been found or the tree is exhausted.
     */
    public SolverResult search(CspState start, long limit, Consumer<int[]> onSolution) {
        if (limit < 1) {
            throw new IllegalArgumentException("the solution limit must be at least 1, not " + limit);
        }
        long t0 = System.nanoTime();
        Run run = new Run(start, limit, onSolution);
        boolean stopped = !start.isDead() && run.descend();
        return new SolverResult(run.solutions, !stopped, run.nodes, run.backtracks,
                System.nanoTime() - t0, run.first);
    }

    /**
     * A uniformly shuffled search for one solution: MRV, but the values at each node in a
     * random order drawn from {@code rng}. The generators use it for random full grids.
     *
     * @return the solution, or null if {@code start} has none; {@code start} is left as it was
     */
    public static int[] randomSolution(CspState start, SplittableRandom rng) {
        if (start.isDead()) {
            return null;
        }
        int base = start.depth();
        if (!randomDescend(start, rng)) {
            return null;
        }
        int[] values = start.values();
        while (start.depth() > base) {
            start.undo();
        }
        return values;
    }

    private static boolean randomDescend(CspState s, SplittableRandom rng) {
        int x = s.select(VariableOrder.MRV);
        if (x < 0) {
            return true;
        }
        long domain = s.domain(x);
        int[] values = new int[Long.bitCount(domain)];
        int k = 0;
        for (long m = domain; m != 0; m &= m - 1) {
            values[k++] = Long.numberOfTrailingZeros(m);
        }
        for (int i = values.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        for (int v : values) {
            if (s.assign(x, v) && randomDescend(s, rng)) {
                return true;
            }
            s.undo();
        }
        return false;
    }

    /** One search: the counters and the recursion over the state. */
    private final class Run {
        private final CspState state;
        private final long limit;
        private final Consumer<int[]> onSolution;
        private long solutions;
        private long nodes;
        private long backtracks;
        private int[] first;

        Run(CspState state, long limit, Consumer<int[]> onSolution) {
            this.state = state;
            this.limit = limit;
            this.onSolution = onSolution;
        }

        /** Explores the subtree below the current state; true when the limit is reached. */
        boolean descend() {
            int x = state.select(order);
            if (x < 0) {
                int[] solution = state.values();
                if (first == null) {
                    first = solution.clone();
                }
                solutions++;
                onSolution.accept(solution);
                return solutions >= limit;
            }
            for (long m = state.domain(x); m != 0; m &= m - 1) {
                int v = Long.numberOfTrailingZeros(m);
                nodes++;
                long before = solutions;
                boolean stop = state.assign(x, v) && descend();
                state.undo();
                if (stop) {
                    return true;
                }
                if (solutions == before && first == null) {
                    backtracks++;
                }
            }
            return false;
        }
    }
}
