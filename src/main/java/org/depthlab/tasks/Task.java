package org.depthlab.tasks;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;

/**
 * A family of puzzles with one token layout: a generator, a text format and an encoding
 * shared by all its puzzles. The training loop works with any task through this interface
 * and {@link Puzzle}; nothing here depends on the task being Sudoku, a maze, pointer chasing
 * or N-Queens.
 *
 * <p>Names: {@code sudoku4}, {@code sudoku6}, {@code sudoku9}, {@code maze<N>} (e.g.
 * {@code maze30}), {@code pointer}, {@code queens<N>} (e.g. {@code queens8}),
 * {@code futoshiki<N>} (e.g. {@code futoshiki5}), {@code logic<N>} (N houses, e.g. {@code logic4}).
 */
public sealed interface Task permits SudokuTask, MazeTask, PointerTask, QueensTask, FutoshikiTask, LogicGridTask {

    /** The task's name, e.g. "sudoku9". */
    String name();

    /** The number of token positions of every puzzle. */
    int sequenceLength();

    /** The number of distinct tokens, PAD included. */
    int vocabularySize();

    /** The next puzzle of the task's generator; all randomness comes from {@code rng}. */
    Puzzle generate(SplittableRandom rng);

    /**
     * Reads one puzzle of the text format (a line; a block of rows for mazes) and computes
     * its reference answer.
     *
     * @throws BadInputException if the text is malformed, does not fit the task, or the puzzle
     *     has no answer
     */
    Puzzle parse(String text);

    /**
     * Rebuilds a puzzle from its input tokens (the inverse of {@link Puzzle#inputTokens()}).
     *
     * @throws BadInputException if the tokens do not form a puzzle of this task with an answer
     */
    Puzzle decode(int[] inputTokens);

    /** Whether the text format is blocks of lines separated by empty lines (mazes) rather than one puzzle per line. */
    default boolean isMultiLine() {
        return false;
    }

    /** The task of a name with its default generator settings (see {@link TaskName}). */
    static Task named(String name) {
        TaskName n = TaskName.parse(name);
        if (n.size() == 0 && n.family() != TaskName.Family.POINTER) {
            throw new BadInputException("task '" + name + "' needs a size, e.g. " + n.family().example() + ".");
        }
        switch (n.family()) {
            case SUDOKU: return new SudokuTask(Sudoku.Shape.of(n.size()), 0, 0);
            case MAZE: return new MazeTask(n.size(), 0, MazeGenerator.DEFAULT_LOOPS);
            case POINTER: return new PointerTask(PointerTask.DEFAULT_NODES, PointerTask.DEFAULT_HOPS);
            case QUEENS: return new QueensTask(n.size(), QueensTask.defaultGivens(n.size()));
            case FUTOSHIKI: return new FutoshikiTask(n.size(), 0);
            case LOGIC: return new LogicGridTask(n.size(), 0);
            default: throw new AssertionError(n);
        }
    }
}
