package org.depthlab.tasks;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;

/**
 * N-Queens completion on an n×n board: random completion puzzles with a fixed number of
 * queens given, the one-line format of {@link Queens}, the tokens of {@link QueensPuzzle}.
 *
 * @param n the board size
 * @param givens the number of queens a generated puzzle keeps
 */
public record QueensTask(int n, int givens) implements Task {

    public QueensTask {
        if (n < 1 || n > 64) {
            throw new BadInputException("an N-Queens board needs 1 ≤ n ≤ 64, not " + n + ".");
        }
        if (givens < 0 || givens > n) {
            throw new BadInputException("--clues for queens" + n + " must be between 0 and " + n + ", not " + givens + ".");
        }
    }

    /** The default number of given queens: a quarter of the rows, leaving several completions. */
    public static int defaultGivens(int n) {
        return n / 4;
    }

    @Override
    public String name() {
        return "queens" + n;
    }

    @Override
    public int sequenceLength() {
        return n;
    }

    @Override
    public int vocabularySize() {
        return n + 2;
    }

    @Override
    public QueensPuzzle generate(SplittableRandom rng) {
        return QueensPuzzle.random(n, givens, rng);
    }

    @Override
    public QueensPuzzle parse(String text) {
        Queens q = Queens.parse(text);
        if (q.n() != n) {
            throw new BadInputException("expected a " + n + "×" + n + " board but got " + q.n() + "×" + q.n() + ".");
        }
        return QueensPuzzle.of(q);
    }

    @Override
    public QueensPuzzle decode(int[] inputTokens) {
        Tokens.requireLength(this, inputTokens);
        Queens q = QueensPuzzle.boardOf(n, inputTokens);
        // Re-read through the text format so that attacking queens are rejected as in a file.
        return QueensPuzzle.of(Queens.parse(q.format()));
    }
}
