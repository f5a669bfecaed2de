package org.depthlab.tasks;

import java.util.Optional;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.Csp;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.SolverResult;

/**
 * A Sudoku puzzle with its reference solution, encoded as in HRM's Sudoku-Extreme: n² tokens,
 * PAD 0, blank 1, digit d → d + 1 (so n + 2 tokens in all). The target is the solved grid;
 * an answer is correct if it is any valid completion of the givens.
 *
 * @param givens the puzzle
 * @param solution a completion of it (the solver's first, which is the only one for a
 *     generated puzzle)
 */
public record SudokuPuzzle(Sudoku givens, Sudoku solution) implements Puzzle {

    public SudokuPuzzle {
        if (!solution.isSolutionOf(givens)) {
            throw new IllegalArgumentException("not a solution of " + givens.toLine() + ": " + solution.toLine());
        }
    }

    /**
     * The puzzle with the solution the {@link CspSolver} finds first.
     *
     * @throws BadInputException if the puzzle has no solution
     */
    public static SudokuPuzzle of(Sudoku givens) {
        SudokuCsp csp = new SudokuCsp(givens);
        SolverResult r = new CspSolver().solve(csp);
        if (!r.solved()) {
            throw new BadInputException("the Sudoku " + givens.toLine() + " has no solution.");
        }
        return new SudokuPuzzle(givens, csp.toGrid(r.first()));
    }

    /** The grid that input or answer tokens stand for (anything but a digit token reads as blank). */
    public static Sudoku gridOf(Sudoku.Shape shape, int[] tokens) {
        if (tokens.length != shape.cellCount()) {
            throw new IllegalArgumentException("a " + shape.size() + "×" + shape.size() + " Sudoku has "
                    + shape.cellCount() + " tokens, not " + tokens.length);
        }
        int[] cells = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            cells[i] = Tokens.valueOf(tokens[i], shape.size()) + 1;
        }
        return new Sudoku(shape, cells);
    }

    /** The tokens of a grid: blank 1, digit d → d + 1. */
    public static int[] tokensOf(Sudoku grid) {
        int[] t = new int[grid.shape().cellCount()];
        for (int i = 0; i < t.length; i++) {
            int d = grid.cell(i);
            t[i] = d == 0 ? Tokens.BLANK : Tokens.ofValue(d - 1);
        }
        return t;
    }

    @Override
    public String taskName() {
        return "sudoku" + givens.size();
    }

    @Override
    public int sequenceLength() {
        return givens.shape().cellCount();
    }

    @Override
    public int vocabularySize() {
        return givens.size() + 2;
    }

    @Override
    public int[] inputTokens() {
        return tokensOf(givens);
    }

    @Override
    public int[] targetTokens() {
        return tokensOf(solution);
    }

    @Override
    public boolean isCorrect(int[] answerTokens) {
        if (answerTokens.length != sequenceLength()) {
            return false;
        }
        return gridOf(givens.shape(), answerTokens).isSolutionOf(givens);
    }

    @Override
    public SudokuPuzzle augment(SplittableRandom rng) {
        return transform(SudokuTransform.random(givens.shape(), rng));
    }

    /** The puzzle and its solution under one transformation. */
    public SudokuPuzzle transform(SudokuTransform t) {
        return new SudokuPuzzle(t.apply(givens), t.apply(solution));
    }

    @Override
    public String format() {
        return givens.toLine();
    }

    @Override
    public String formatAnswer(int[] answerTokens) {
        return gridOf(givens.shape(), answerTokens).toLine();
    }

    @Override
    public String fingerprint() {
        return Fingerprints.sudoku(givens);
    }

    @Override
    public Optional<Csp> constraints() {
        return Optional.of(new SudokuCsp(givens));
    }
}
