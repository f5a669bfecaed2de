package org.depthlab.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntBinaryOperator;

/**
 * What LR²Bench calls a <b>subtask</b> (Chen et al. 2025, book/references.md [LR2Bench]): the
 * part of an answer that is scored on its own, so that an answer can be partly right. LR²Bench
 * scores the items of its answer formats — a word of a crossword, a row of a Sudoku grid, an
 * entity of a logic puzzle with all its attributes. Here, for the constraint tasks:
 * <ul>
 *   <li>Sudoku and Futoshiki: a <b>row</b> of the grid (n cells);</li>
 *   <li>N-Queens: a row, which holds one queen (one position);</li>
 *   <li>logic grid: a <b>house</b> (an entity) with its value of every category.</li>
 * </ul>
 * A subtask is <em>answered</em> when each of its cells holds a value (a digit, a column; for
 * a house, exactly one value of each category placed in it) and <em>correct</em> when it
 * agrees with the reference solution. Generated Sudoku, Futoshiki and logic grid puzzles have
 * exactly one solution; an N-Queens board usually has several, and an answer is compared with
 * the completion it agrees with most. An answer that is correct by the puzzle's own rules
 * ({@link Puzzle#isCorrect}) has every subtask correct.
 *
 * <p>Mazes and pointer chasing are not constraint problems and have no subtasks here.
 */
public final class Subtasks {

    private Subtasks() {
    }

    /**
     * One answer's subtasks.
     *
     * @param total    subtasks of the puzzle
     * @param answered subtasks the answer fills
     * @param correct  subtasks it gets right
     */
    public record Score(int total, int answered, int correct) {

        /** correct / total. */
        public double accuracy() {
            return correct / (double) total;
        }

        /** answered / total. */
        public double completion() {
            return answered / (double) total;
        }
    }

    /** What one subtask is on this puzzle's task, in words ("row", "house"), or empty for tasks without. */
    public static Optional<String> unit(Puzzle puzzle) {
        if (puzzle instanceof SudokuPuzzle || puzzle instanceof FutoshikiPuzzle) {
            return Optional.of("a row of the grid");
        }
        if (puzzle instanceof QueensPuzzle) {
            return Optional.of("a row (its queen)");
        }
        if (puzzle instanceof LogicGridPuzzle) {
            return Optional.of("a house with its values");
        }
        return Optional.empty();
    }

    /** The subtasks of {@code answer} to {@code puzzle}, or empty for a task without subtasks. */
    public static Optional<Score> score(Puzzle puzzle, int[] answer) {
        if (answer.length != puzzle.sequenceLength()) {
            throw new IllegalArgumentException(answer.length + " answer tokens for a puzzle of " + puzzle.sequenceLength());
        }
        boolean right = puzzle.isCorrect(answer);
        if (puzzle instanceof SudokuPuzzle s) {
            int n = s.givens().size();
            return Optional.of(rows(answer, s.targetTokens(), n, n, (r, c) -> r * n + c, right));
        }
        if (puzzle instanceof FutoshikiPuzzle f) {
            int n = f.board().n();
            int side = f.board().side();
            return Optional.of(rows(answer, f.targetTokens(), n, n, (r, c) -> 2 * r * side + 2 * c, right));
        }
        if (puzzle instanceof QueensPuzzle q) {
            int n = q.board().n();
            int[] nearest = q.targetTokens();
            int best = -1;
            for (Queens completion : q.completions()) {
                int[] t = QueensPuzzle.of(completion).targetTokens();
                int agree = 0;
                for (int r = 0; r < n; r++) {
                    agree += t[r] == answer[r] ? 1 : 0;
                }
                if (agree > best) {
                    best = agree;
                    nearest = t;
                }
            }
            return Optional.of(rows(answer, nearest, n, 1, (r, c) -> r, right));
        }
        if (puzzle instanceof LogicGridPuzzle g) {
            return Optional.of(houses(g, answer, right));
        }
        return Optional.empty();
    }

    /** Rows of {@code width} cells; {@code at} gives the token position of row r, column c. */
    private static Score rows(int[] answer, int[] reference, int rows, int width, IntBinaryOperator at, boolean right) {
        int answered = 0;
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            boolean filled = true;
            boolean same = true;
            for (int c = 0; c < width; c++) {
                int p = at.applyAsInt(r, c);
                filled &= answer[p] >= Tokens.VALUE_BASE;
                same &= answer[p] == reference[p];
            }
            answered += filled ? 1 : 0;
            correct += right || same ? 1 : 0;
        }
        return new Score(rows, right ? rows : answered, correct);
    }

    private static Score houses(LogicGridPuzzle g, int[] answer, boolean right) {
        LogicGrid grid = g.grid();
        int n = grid.houses();
        int[] placed = g.housesOf(answer);
        int[] reference = g.solution();
        int answered = 0;
        int correct = 0;
        for (int h = 0; h < n; h++) {
            boolean filled = true;
            boolean same = true;
            for (int c = 0; c < grid.categories(); c++) {
                List<Integer> here = new ArrayList<>();
                int expected = -1;
                for (int v = 0; v < n; v++) {
                    if (placed[c * n + v] == h) {
                        here.add(v);
                    }
                    if (reference[c * n + v] == h) {
                        expected = v;
                    }
                }
                filled &= here.size() == 1;
                same &= here.size() == 1 && here.get(0) == expected;
            }
            answered += filled ? 1 : 0;
            correct += right || same ? 1 : 0;
        }
        return new Score(n, right ? n : answered, correct);
    }
}
