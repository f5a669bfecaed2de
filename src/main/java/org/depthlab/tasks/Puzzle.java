package org.depthlab.tasks;

import java.util.Optional;
import java.util.SplittableRandom;
import org.depthlab.solve.Csp;

/**
 * One puzzle with its reference answer, in the shape every model, training loop and decoder
 * uses: fixed-length token sequences (conventions in {@link Tokens}), a verifier, and
 * answer-preserving augmentation.
 *
 * <p>A model reads {@link #inputTokens()} and is trained toward {@link #targetTokens()}; its
 * output is judged by {@link #isCorrect(int[])}, which checks the answer against the rules,
 * not against the reference (a Sudoku's valid completion, any shortest maze path, any
 * N-Queens completion counts). Positions, lengths and vocabulary are the same for every
 * puzzle of a {@link Task}.
 */
public sealed interface Puzzle permits SudokuPuzzle, MazePuzzle, PointerPuzzle, QueensPuzzle, FutoshikiPuzzle,
        LogicGridPuzzle {

    /** The name of the task this puzzle belongs to, e.g. "sudoku9", "maze30", "pointer", "queens8", "logic4". */
    String taskName();

    /** The number of token positions, the same for input, target and answer. */
    int sequenceLength();

    /** The number of distinct tokens, PAD included: tokens are 0..vocabularySize−1. */
    int vocabularySize();

    /** The puzzle as tokens (open positions hold {@link Tokens#BLANK}). */
    int[] inputTokens();

    /** The reference answer as tokens ({@link Tokens#PAD} where a position has no label). */
    int[] targetTokens();

    /** Whether the answer tokens are a correct answer to this puzzle (not only the reference one). */
    boolean isCorrect(int[] answerTokens);

    /** A random answer-preserving transformation of this puzzle with its answer mapped along. */
    Puzzle augment(SplittableRandom rng);

    /** The puzzle in its text format (one line; a block of lines for a maze). */
    String format();

    /**
     * Answer tokens in the task's text format (the reference answer, given {@link #targetTokens()}).
     * A token that means nothing at a position shows as the format's blank ('.' for Sudoku and
     * N-Queens) or as '?' (mazes, pointer chasing).
     */
    String formatAnswer(int[] answerTokens);

    /**
     * A string equal for any two puzzles that an augmentation maps onto each other, used to
     * keep test puzzles apart from training ones. Exact canonical forms where the group is
     * small (mazes, N-Queens); otherwise an invariant that may, rarely, also equate two
     * inequivalent puzzles — which only makes the split stricter.
     */
    String fingerprint();

    /**
     * The puzzle as a CSP whose variable i is token position i and whose value v is token
     * {@code Tokens.ofValue(v)} (Sudoku, N-Queens, Futoshiki, logic grids); empty for the other tasks. A constrained
     * decoder asks a {@link org.depthlab.solve.CspState} of it which values a position allows.
     */
    Optional<Csp> constraints();
}
