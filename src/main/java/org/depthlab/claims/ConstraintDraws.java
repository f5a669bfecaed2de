package org.depthlab.claims;

import java.util.Optional;
import java.util.SplittableRandom;
import org.depthlab.decode.Decoding;
import org.depthlab.decode.Strategy;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecoderConfig;
import org.depthlab.models.Positions;
import org.depthlab.solve.Csp;
import org.depthlab.tasks.FutoshikiPuzzle;
import org.depthlab.tasks.LogicGridPuzzle;
import org.depthlab.tasks.QueensCsp;
import org.depthlab.tasks.Tokens;
import org.depthlab.tensor.Tape;

/**
 * Constraint puzzles of every task the decoders can search, for the claims about committing
 * and retracting: a {@link RandomCsp} (Sudoku 4×4 or 6×6 with a random share of cells
 * cleared, now and then broken by a stray digit; N-Queens completion), a minimal 4×4
 * Futoshiki or a minimal logic grid of four houses (from their generators) — easy and hard,
 * satisfiable and not — each with a small decoder of random weights that reads and writes
 * its token positions. Random weights rank the values in an arbitrary but fixed order, which
 * is all the claims need: they are about what a strategy does with any ranking.
 */
final class ConstraintDraws {

    private ConstraintDraws() {
    }

    /**
     * One puzzle: its CSP over the token positions and the input tokens.
     *
     * @param kind the task, for the evidence ("sudoku", "queens", "futoshiki", "logic")
     */
    record Puzzle(String kind, Csp csp, int[] inputs) {

        /** The number of positions. */
        int length() {
            return csp.variableCount();
        }
    }

    /** A puzzle drawn from {@code rng}. */
    static Puzzle puzzle(SplittableRandom rng) {
        int pick = rng.nextInt(4);
        Csp csp;
        String kind;
        if (pick == 2) {
            csp = FutoshikiPuzzle.random(4, rng).constraints().orElseThrow();
            kind = "futoshiki";
        } else if (pick == 3) {
            csp = LogicGridPuzzle.random(4, 3, rng).constraints().orElseThrow();
            kind = "logic";
        } else {
            csp = RandomCsp.draw(rng);
            kind = csp instanceof QueensCsp ? "queens" : "sudoku";
        }
        int[] inputs = new int[csp.variableCount()];
        for (int x = 0; x < inputs.length; x++) {
            inputs[x] = csp.given(x) < 0 ? Tokens.BLANK : Tokens.ofValue(csp.given(x));
        }
        return new Puzzle(kind, csp, inputs);
    }

    /** A one-block decoder of random weights (from {@code seed}) for the puzzle's tokens. */
    static Decoder decoder(long seed, Puzzle p) {
        return new DecoderConfig(p.csp().valueCount() + Tokens.VALUE_BASE, p.length(), 8, 2, 2.0, 1,
                Positions.LEARNED).build(seed);
    }

    /** The strategy's decoding of the puzzle, on a tape that records nothing. */
    static Decoding decode(Strategy strategy, Decoder decoder, Puzzle p) {
        Tape tape = new Tape();
        return tape.noGrad(() -> strategy.decode(decoder, tape, p.inputs(), Optional.of(p.csp())));
    }

    /** Whether answer tokens are a solution of the puzzle (every position a value, every constraint kept). */
    static boolean solves(Puzzle p, int[] answer) {
        int[] values = new int[answer.length];
        for (int x = 0; x < values.length; x++) {
            values[x] = Tokens.valueOf(answer[x], p.csp().valueCount());
        }
        return p.csp().isSolution(values);
    }
}
