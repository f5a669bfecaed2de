package org.depthlab.site;

import java.util.ArrayList;
import java.util.List;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.CspState;
import org.depthlab.solve.SolverResult;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuCsp;

/**
 * The CSP solver's search on one Sudoku, recorded so that the site can show it step by step:
 * each step is one node of {@link CspSolver} — a digit tried in a cell — with what forward
 * checking said about it and how many earlier assignments had to be taken back first.
 *
 * <p>The solver reports only the nodes, in order ({@link CspSolver.NodeListener}); the rest is
 * recovered by replaying them on a {@link CspState}. A node at a cell that is already
 * assigned means the search came back up to that cell: every assignment above it, and the
 * cell's own, are undone — that is a backtrack — before the new digit goes in. So the trace
 * is the solver's own search, not a second solver's, and its count of taken-back values
 * equals the solver's backtracks when the search solves the puzzle.
 */
public final class SolverTrace {

    /** The most steps recorded; a longer search is summarised, not shown in full. */
    public static final int MAX_STEPS = 20_000;

    /**
     * One node of the search.
     *
     * @param cell the cell (row-major)
     * @param digit the digit tried, 1..n
     * @param undone how many assignments were taken back before this one
     * @param wipeOut whether forward checking left some open cell without a digit
     * @param depth assignments on the path after this one (the search depth)
     */
    public record Step(int cell, int digit, int undone, boolean wipeOut, int depth) {
    }

    private final Sudoku puzzle;
    private final List<Step> steps;
    private final SolverResult result;

    private SolverTrace(Sudoku puzzle, List<Step> steps, SolverResult result) {
        this.puzzle = puzzle;
        this.steps = List.copyOf(steps);
        this.result = result;
    }

    /** Runs the solver (MRV, forward checking) on {@code puzzle} and records its nodes. */
    public static SolverTrace record(Sudoku puzzle) {
        SudokuCsp csp = new SudokuCsp(puzzle);
        CspState replay = new CspState(csp);
        List<Step> steps = new ArrayList<>();
        int[] dropped = {0};
        SolverResult result = new CspSolver().solve(csp, (x, v) -> {
            if (steps.size() >= MAX_STEPS) {
                dropped[0]++;
                return;
            }
            int undone = 0;
            while (replay.isAssigned(x)) {
                replay.undo();
                undone++;
            }
            boolean ok = replay.assign(x, v);
            steps.add(new Step(x, v + 1, undone, !ok, replay.depth()));
        });
        return new SolverTrace(puzzle, steps, result);
    }

    /** The puzzle searched. */
    public Sudoku puzzle() {
        return puzzle;
    }

    /** The recorded steps (at most {@link #MAX_STEPS}). */
    public List<Step> steps() {
        return steps;
    }

    /** Whether the search made more nodes than were recorded. */
    public boolean truncated() {
        return result.nodes() > steps.size();
    }

    /** The solver's own counts and solution. */
    public SolverResult result() {
        return result;
    }

    /** How many tried values were taken back over the recorded steps. */
    public long undone() {
        long n = 0;
        for (Step s : steps) {
            n += s.undone();
        }
        return n;
    }

    /**
     * The grid after the first {@code count} steps: givens and the digits on the search path
     * (0 for a blank). {@code count} = 0 is the puzzle itself.
     */
    public int[] gridAfter(int count) {
        if (count < 0 || count > steps.size()) {
            throw new IllegalArgumentException("step " + count + " outside 0.." + steps.size());
        }
        SudokuCsp csp = new SudokuCsp(puzzle);
        CspState s = new CspState(csp);
        for (int i = 0; i < count; i++) {
            Step step = steps.get(i);
            for (int u = 0; u < step.undone(); u++) {
                s.undo();
            }
            s.assign(step.cell(), step.digit() - 1);
        }
        int[] cells = new int[csp.variableCount()];
        for (int x = 0; x < cells.length; x++) {
            cells[x] = s.value(x) + 1;
        }
        return cells;
    }
}
