package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.SolverResult;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuCsp;
import org.depthlab.tasks.SudokuGenerator;
import org.depthlab.tasks.SudokuPuzzle;
import org.junit.jupiter.api.Test;

/** The demo's trace is the solver's own search: same nodes, same backtracks, same solution. */
class SolverTraceTest {

    /**
     * Claim: for every puzzle, the trace has one step per solver node, the assignments it takes
     * back add up to the solver's backtracks, and replaying every step leaves the solver's
     * solution on the grid. Seeded puzzles of every size, some needing backtracks.
     */
    @Test
    void traceReplaysTheSolversNodesBacktracksAndSolution() {
        long seed = 20261128L;
        SplittableRandom rng = new SplittableRandom(seed);
        int withBacktracks = 0;
        for (Sudoku.Shape shape : new Sudoku.Shape[] {Sudoku.Shape.FOUR, Sudoku.Shape.SIX, Sudoku.Shape.NINE}) {
            for (int i = 0; i < 6; i++) {
                SudokuPuzzle p = new SudokuGenerator(shape, shape.size() == 9 && i % 2 == 1 ? 2 : 0, 0).next(rng);
                SolverTrace t = SolverTrace.record(p.givens());
                SolverResult r = new CspSolver().solve(new SudokuCsp(p.givens()));
                String where = "seed " + seed + ", puzzle " + p.givens().toLine();
                assertEquals(r.nodes(), t.steps().size(), where);
                assertEquals(r.backtracks(), t.undone(), where);
                int[] last = t.gridAfter(t.steps().size());
                assertArrayEquals(p.solution().cells(), last, where);
                assertArrayEquals(p.givens().cells(), t.gridAfter(0), where);
                withBacktracks += r.backtracks() > 0 ? 1 : 0;
            }
        }
        assertTrue(withBacktracks >= 3, "the sample must exercise backtracking");
    }

    /** Claim: a step is a dead end exactly when forward checking wipes out a domain, and the next step then backtracks. */
    @Test
    void aDeadEndIsFollowedByABacktrack() {
        Sudoku hard = new SudokuGenerator(Sudoku.Shape.NINE, 5, 0).next(new SplittableRandom(7)).givens();
        SolverTrace t = SolverTrace.record(hard);
        int deadEnds = 0;
        for (int i = 0; i + 1 < t.steps().size(); i++) {
            if (t.steps().get(i).wipeOut()) {
                deadEnds++;
                assertTrue(t.steps().get(i + 1).undone() >= 1, "step " + (i + 2) + " after a dead end must take it back");
            }
        }
        assertTrue(deadEnds > 0, "a puzzle needing 5 backtracks has dead ends");
        assertTrue(t.steps().stream().allMatch(s -> s.depth() >= 1));
    }
}
