package org.depthlab.tasks;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.CspSolver;

/**
 * Futoshiki of one size: minimal puzzles with a unique solution ({@link FutoshikiPuzzle#random}),
 * at least {@code minBacktracks} hard, in the one-line format of {@link Futoshiki} and the
 * tokens of {@link FutoshikiPuzzle}.
 *
 * @param n             the size, 3..9
 * @param minBacktracks the least difficulty (backtracks of the CSP solver, MRV) a generated puzzle has
 */
public record FutoshikiTask(int n, int minBacktracks) implements Task {

    /** Boards drawn for one puzzle before giving up on the requested difficulty. */
    public static final int MAX_ATTEMPTS = 20_000;

    public FutoshikiTask {
        if (n < Futoshiki.MIN_SIZE || n > Futoshiki.MAX_SIZE) {
            throw new BadInputException("a Futoshiki board needs " + Futoshiki.MIN_SIZE + " ≤ n ≤ " + Futoshiki.MAX_SIZE
                    + ", not " + n + ".");
        }
        if (minBacktracks < 0) {
            throw new BadInputException("--min-backtracks must be at least 0, not " + minBacktracks + ".");
        }
    }

    @Override
    public String name() {
        return "futoshiki" + n;
    }

    @Override
    public int sequenceLength() {
        return (2 * n - 1) * (2 * n - 1);
    }

    @Override
    public int vocabularySize() {
        return n + 2;
    }

    /**
     * The next puzzle from {@code rng}.
     *
     * @throws BadInputException if {@value #MAX_ATTEMPTS} boards gave none as hard as asked
     */
    @Override
    public FutoshikiPuzzle generate(SplittableRandom rng) {
        CspSolver solver = new CspSolver();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            FutoshikiPuzzle p = FutoshikiPuzzle.random(n, rng);
            if (minBacktracks == 0 || solver.solve(new FutoshikiCsp(p.board())).backtracks() >= minBacktracks) {
                return p;
            }
        }
        throw new BadInputException("no " + n + "×" + n + " Futoshiki needing at least " + minBacktracks
                + " backtracks turned up in " + MAX_ATTEMPTS + " tries; ask for fewer backtracks.");
    }

    @Override
    public FutoshikiPuzzle parse(String text) {
        Futoshiki f = Futoshiki.parse(text);
        if (f.n() != n) {
            throw new BadInputException("expected a " + n + "×" + n + " Futoshiki but got " + f.n() + "×" + f.n() + ".");
        }
        return FutoshikiPuzzle.of(f);
    }

    @Override
    public FutoshikiPuzzle decode(int[] inputTokens) {
        Tokens.requireLength(this, inputTokens);
        int side = 2 * n - 1;
        StringBuilder line = new StringBuilder(side * side);
        for (int p = 0; p < inputTokens.length; p++) {
            int gr = p / side;
            int gc = p % side;
            int v = Tokens.valueOf(inputTokens[p], n);
            if (gr % 2 == 0 && gc % 2 == 0) {
                line.append(v < 0 ? '.' : (char) ('1' + v));
                continue;
            }
            if (v < Futoshiki.NONE || v > Futoshiki.GREATER || (gr % 2 == 1 && gc % 2 == 1 && v != Futoshiki.NONE)) {
                throw new BadInputException("token " + inputTokens[p] + " at position " + p + " is not a sign.");
            }
            if (gr % 2 == 0) {
                line.append(v == 1 ? '<' : v == 2 ? '>' : '.');
            } else if (gc % 2 == 0) {
                line.append(v == 1 ? '^' : v == 2 ? 'v' : '.');
            } else {
                line.append('.');
            }
        }
        // Re-read through the text format so that conflicting givens are rejected as in a file.
        return FutoshikiPuzzle.of(Futoshiki.parse(line.toString()));
    }
}
