package org.depthlab.tasks;

/**
 * The token conventions every task shares, taken from the HRM datasets (Wang et al. 2025,
 * sapientinc/HRM): token 0 is padding, and in a puzzle's input a position still to be filled
 * holds the blank token 1. Sudoku digit d is token d + 1; an N-Queens row with its queen in
 * column c (0-based) is token c + 2 — in both, CSP value v is token v + 2.
 *
 * <p>In a target (the answer a model is trained to produce) PAD means "no label at this
 * position": a loss ignores it. Sudoku, maze and N-Queens targets label every position; a
 * pointer-chasing target labels only the answer slot.
 *
 * <p>Mazes follow HRM's Maze-Hard instead: one token per character of "# SGo", the
 * character's index plus one ({@link MazePuzzle}); PAD is 0 there too.
 */
public final class Tokens {

    /** Padding in inputs, "no label" in targets. */
    public static final int PAD = 0;

    /** A position the puzzle leaves open. */
    public static final int BLANK = 1;

    /** The token of CSP value 0 (Sudoku digit 1, N-Queens column 0); value v is {@code VALUE_BASE + v}. */
    public static final int VALUE_BASE = 2;

    private Tokens() {
    }

    /** The token of CSP value {@code value}. */
    public static int ofValue(int value) {
        return VALUE_BASE + value;
    }

    /** The CSP value of {@code token}, or −1 if it is PAD, BLANK or outside 0..values−1. */
    public static int valueOf(int token, int values) {
        int v = token - VALUE_BASE;
        return v >= 0 && v < values ? v : -1;
    }

    /** Checks that tokens have a task's length; a wrong length is a bug in the caller. */
    static void requireLength(Task task, int[] tokens) {
        if (tokens.length != task.sequenceLength()) {
            throw new IllegalArgumentException(task.name() + " puzzles have " + task.sequenceLength()
                    + " tokens, not " + tokens.length);
        }
    }
}
