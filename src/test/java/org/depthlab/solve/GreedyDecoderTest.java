package org.depthlab.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.depthlab.tasks.Queens;
import org.depthlab.tasks.QueensCsp;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuCsp;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** The greedy committing decoder against the solver's backtrack count. */
class GreedyDecoderTest {


    /**
     * A puzzle of varied difficulty: a random full grid with a random share of its cells
     * cleared (so some have many solutions and need no search, others need plenty), and now
     * and then one random extra digit that may make it unsolvable. 9×9 grids keep at least a
     * third of their cells, so that proving a puzzle unsolvable stays quick.
     */
    static Sudoku randomPuzzle(Sudoku.Shape shape, SplittableRandom rng) {
        int[] full = CspSolver.randomSolution(new CspState(new SudokuCsp(Sudoku.empty(shape))), rng);
        int n2 = full.length;
        int[] cells = new int[n2];
        double keep = rng.nextDouble(shape.size() == 9 ? 0.33 : 0.15, 0.6);
        for (int i = 0; i < n2; i++) {
            cells[i] = rng.nextDouble() < keep ? full[i] + 1 : 0;
        }
        if (rng.nextInt(4) == 0) {
            int i = rng.nextInt(n2);
            int d = 1 + rng.nextInt(shape.size());
            int[] trial = cells.clone();
            trial[i] = d;
            if (new Sudoku(shape, trial).firstConflict() == null) {
                cells = trial;
            }
        }
        return new Sudoku(shape, cells);
    }

    // Claim: the greedy decoder solves a puzzle iff the solver, in the same variable order,
    // solves it with zero backtracks — and then both give the same solution.
    @Test
    void greedySucceedsIffSolverNeedsZeroBacktracks() {
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Props.qt(400)
                .forAll(integers().between(0, 3), longs().all()).checkAssert((kind, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Csp csp = kind == 3 ? randomQueens(rng)
                            : new SudokuCsp(randomPuzzle(kind == 0 ? Sudoku.Shape.FOUR
                                    : kind == 1 ? Sudoku.Shape.SIX : Sudoku.Shape.NINE, rng));
                    for (VariableOrder order : VariableOrder.values()) {
                        SolverResult s = new CspSolver(order).solve(csp);
                        GreedyDecoder.Result g = new GreedyDecoder(order).decode(csp);
                        boolean solverClean = s.solved() && s.backtracks() == 0;
                        assertEquals(solverClean, g.solved(), "order " + order + ", solver " + s
                                + ", greedy dead end " + g.deadEnd());
                        if (g.solved()) {
                            assertArrayEquals(s.first(), g.values());
                            assertTrue(csp.isSolution(g.values()));
                            successes.incrementAndGet();
                        } else {
                            assertFalse(csp.isSolution(g.values()));
                            failures.incrementAndGet();
                        }
                    }
                });
        assertTrue(successes.get() > 50 && failures.get() > 50,
                "both outcomes should be common: " + successes + " successes, " + failures + " failures");
    }

    private static Csp randomQueens(SplittableRandom rng) {
        int n = rng.nextInt(4, 11);
        int[] full = CspSolver.randomSolution(new CspState(new QueensCsp(Queens.empty(n))), rng);
        int[] cols = new int[n];
        Arrays.fill(cols, -1);
        for (int r = 0; r < n; r++) {
            if (rng.nextInt(3) == 0) {
                cols[r] = full[r];
            }
        }
        return new QueensCsp(new Queens(n, cols));
    }

    @Test
    void greedyReportsWhereItGotStuck() {
        // AI Escargot: greedy in MRV order commits some values and then meets an empty cell.
        Sudoku p = Sudoku.parse(CspSolverTest.HARD[0]);
        GreedyDecoder.Result r = new GreedyDecoder().decode(new SudokuCsp(p));
        assertFalse(r.solved());
        assertTrue(r.deadEnd() >= 0 && p.cell(r.deadEnd()) == 0);
        assertEquals(-1, r.values()[r.deadEnd()]);
        int committed = 0;
        for (int i = 0; i < 81; i++) {
            if (p.cell(i) == 0 && r.values()[i] >= 0) {
                committed++;
            }
        }
        assertEquals(r.steps(), committed);
    }
}
