package org.depthlab.tasks;

import java.util.SplittableRandom;

/**
 * Sudoku of one size: generation by {@link SudokuGenerator}, the one-line text format of
 * {@link Sudoku}, and the HRM token layout of {@link SudokuPuzzle}.
 *
 * @param shape the size (4, 6 or 9)
 * @param minBacktracks the least difficulty a generated puzzle has
 * @param clues the most clues a generated puzzle keeps (0: remove until minimal)
 */
public record SudokuTask(Sudoku.Shape shape, int minBacktracks, int clues) implements Task {

    public SudokuTask {
        new SudokuGenerator(shape, minBacktracks, clues); // validates the settings
    }

    @Override
    public String name() {
        return "sudoku" + shape.size();
    }

    @Override
    public int sequenceLength() {
        return shape.cellCount();
    }

    @Override
    public int vocabularySize() {
        return shape.size() + 2;
    }

    @Override
    public SudokuPuzzle generate(SplittableRandom rng) {
        return new SudokuGenerator(shape, minBacktracks, clues).next(rng);
    }

    @Override
    public SudokuPuzzle parse(String text) {
        return SudokuPuzzle.of(Sudoku.parse(text, shape));
    }

    @Override
    public SudokuPuzzle decode(int[] inputTokens) {
        Tokens.requireLength(this, inputTokens);
        Sudoku grid = SudokuPuzzle.gridOf(shape, inputTokens);
        String conflict = grid.firstConflict();
        if (conflict != null) {
            throw new org.depthlab.BadInputException("the givens conflict: " + conflict + ".");
        }
        return SudokuPuzzle.of(grid);
    }
}
