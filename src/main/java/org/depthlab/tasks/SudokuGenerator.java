package org.depthlab.tasks;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.depthlab.BadInputException;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.CspState;

/**
 * Seeded generation of Sudoku puzzles with a unique solution and a chosen difficulty.
 *
 * <ol>
 *   <li>A random full grid: the solver's search from the empty grid with the values at each
 *       node shuffled ({@link CspSolver#randomSolution}).</li>
 *   <li>Clue removal: visit the cells in a random order and clear each one whose removal keeps
 *       the solution unique, until {@code clues} remain or no clue can go (a minimal
 *       puzzle). Uniqueness after clearing cell c, whose solution digit is s, is asked as
 *       "does the puzzle have a solution with c ≠ s?" — one search, cheaper than counting to two.</li>
 *   <li>Keep the puzzle if it has at most {@code clues} clues (when asked) and its difficulty —
 *       backtracks under the solver's MRV order — is at least {@code minBacktracks};
 *       otherwise start again from a new grid.</li>
 * </ol>
 * Everything random comes from the {@link SplittableRandom} passed in, so a seed fixes the
 * puzzles bit for bit.
 *
 * @param shape the size
 * @param minBacktracks the least difficulty accepted (0 accepts every puzzle)
 * @param clues stop removing at this many clues and reject puzzles that keep more; 0 removes
 *     clues until the puzzle is minimal
 */
public record SudokuGenerator(Sudoku.Shape shape, int minBacktracks, int clues) {

    /** Grids tried for one puzzle before giving up on the requested clues and difficulty. */
    public static final int MAX_ATTEMPTS = 20_000;

    private static final CspSolver SOLVER = new CspSolver();
    private static final Consumer<int[]> IGNORE = s -> { };

    public SudokuGenerator {
        if (minBacktracks < 0) {
            throw new BadInputException("--min-backtracks must be at least 0, not " + minBacktracks + ".");
        }
        if (clues < 0 || clues > shape.cellCount()) {
            throw new BadInputException("--clues must be between 0 and " + shape.cellCount() + ", not " + clues + ".");
        }
    }

    /**
     * The next puzzle from {@code rng}.
     *
     * @throws BadInputException if {@value #MAX_ATTEMPTS} grids gave no puzzle meeting the request
     */
    public SudokuPuzzle next(SplittableRandom rng) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            SudokuPuzzle p = attempt(rng);
            if (p != null) {
                return p;
            }
        }
        throw new BadInputException("no " + shape.size() + "×" + shape.size() + " Sudoku"
                + (clues > 0 ? " with at most " + clues + " clues" : "")
                + " needing at least " + minBacktracks + " backtracks turned up in " + MAX_ATTEMPTS
                + " tries; ask for fewer backtracks or more clues.");
    }

    private SudokuPuzzle attempt(SplittableRandom rng) {
        Sudoku empty = Sudoku.empty(shape);
        int[] full = CspSolver.randomSolution(new CspState(new SudokuCsp(empty)), rng);
        int[] solution = new int[full.length];
        for (int i = 0; i < full.length; i++) {
            solution[i] = full[i] + 1;
        }
        int[] cells = solution.clone();
        int[] order = new int[cells.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SudokuTransform.shuffle(order, 0, order.length - 1, rng);
        int left = cells.length;
        for (int cell : order) {
            if (left <= clues) {
                break;
            }
            cells[cell] = 0;
            if (hasOtherSolution(cells, cell, solution[cell])) {
                cells[cell] = solution[cell];
            } else {
                left--;
            }
        }
        if (clues > 0 && left > clues) {
            return null;
        }
        Sudoku givens = new Sudoku(shape, cells);
        if (minBacktracks > 0 && SOLVER.solve(new SudokuCsp(givens)).backtracks() < minBacktracks) {
            return null;
        }
        return new SudokuPuzzle(givens, new Sudoku(shape, solution));
    }

    /** Whether the puzzle {@code cells} has a solution with {@code cell} different from {@code digit}. */
    private boolean hasOtherSolution(int[] cells, int cell, int digit) {
        CspState s = new CspState(new SudokuCsp(new Sudoku(shape, cells)));
        s.restrict(cell, ~(1L << (digit - 1)));
        return SOLVER.search(s, 1, IGNORE).solved();
    }
}
