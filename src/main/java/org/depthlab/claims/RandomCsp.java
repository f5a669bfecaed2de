package org.depthlab.claims;

import java.util.SplittableRandom;
import org.depthlab.solve.Csp;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.CspState;
import org.depthlab.tasks.Queens;
import org.depthlab.tasks.QueensCsp;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuCsp;

/**
 * Random constraint puzzles of every difficulty, for the claims about committing and search:
 * a 4×4 or 6×6 Sudoku (a random full grid with a random share of its cells cleared, and now
 * and then one random digit that may break it) or an N-Queens completion (4 ≤ n ≤ 7, about a
 * third of the queens given). Easy and hard, solvable and unsolvable ones all come up, so
 * that both sides of "greedy succeeds iff no backtrack" are exercised.
 */
public final class RandomCsp {

    private RandomCsp() {
    }

    /** One puzzle drawn from {@code rng}. */
    public static Csp draw(SplittableRandom rng) {
        int kind = rng.nextInt(3);
        if (kind == 2) {
            int n = rng.nextInt(4, 8);
            int[] full = CspSolver.randomSolution(new CspState(new QueensCsp(Queens.empty(n))), rng);
            int[] cols = new int[n];
            for (int r = 0; r < n; r++) {
                cols[r] = rng.nextInt(3) == 0 ? full[r] : -1;
            }
            return new QueensCsp(new Queens(n, cols));
        }
        Sudoku.Shape shape = kind == 0 ? Sudoku.Shape.FOUR : Sudoku.Shape.SIX;
        int[] full = CspSolver.randomSolution(new CspState(new SudokuCsp(Sudoku.empty(shape))), rng);
        int[] cells = new int[full.length];
        double keep = rng.nextDouble(0.1, 0.6);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = rng.nextDouble() < keep ? full[i] + 1 : 0;
        }
        if (rng.nextInt(4) == 0) {
            cells[rng.nextInt(cells.length)] = 1 + rng.nextInt(shape.size());
        }
        return new SudokuCsp(new Sudoku(shape, cells));
    }
}
