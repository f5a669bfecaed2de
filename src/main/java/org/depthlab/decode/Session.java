package org.depthlab.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecodingState;
import org.depthlab.solve.Csp;
import org.depthlab.tasks.Tokens;
import org.depthlab.tensor.Tape;

/**
 * One puzzle being decoded: the decoder and tape it runs on, the count of model calls, and
 * the answer as written so far. Strategies step through it one token at a time.
 */
final class Session {

    private final Decoder decoder;
    private final Tape tape;
    private final int[] positions;
    private final int[] answer;
    private long modelCalls;

    Session(Decoder decoder, Tape tape) {
        this.decoder = decoder;
        this.tape = tape;
        this.positions = decoder.answerPositions();
        this.answer = new int[decoder.seqLen()];
        Arrays.fill(answer, Tokens.PAD);
    }

    /** Reads the puzzle (one model call). */
    DecodingState start(int[] inputs) {
        if (inputs.length != decoder.seqLen()) {
            throw new IllegalArgumentException("one puzzle of " + decoder.seqLen() + " tokens expected, got "
                    + inputs.length);
        }
        modelCalls++;
        return decoder.start(tape, inputs, true);
    }

    /** Commits {@code token} at the state's next position; a model call unless that was the last one. */
    DecodingState next(DecodingState state, int token) {
        DecodingState after = decoder.next(tape, state, new int[] {token});
        if (!after.isComplete()) {
            modelCalls++;
        }
        return after;
    }

    /**
     * The decoding of a strategy that commits: at every position the decoder writes, in its
     * order, the token {@code choose} picks from the scores there, fed back and never taken
     * back (greedy decoding and sampling differ only in {@code choose}). A given of the puzzle
     * is written as given, a forced commit that is not a choice.
     */
    Decoding commitLeftToRight(String strategy, int[] inputs, Optional<Csp> constraints,
                               ToIntFunction<double[]> choose) {
        int[] givens = givens(constraints);
        List<Decoding.Event> events = new ArrayList<>();
        DecodingState state = start(inputs);
        long chosen = 0;
        for (int k = 0; k < length(); k++) {
            int position = position(k);
            double[] scores = state.scoresOf(0);
            boolean given = givens[position] >= 0;
            int token = given ? givens[position] : choose.applyAsInt(scores);
            chosen += given ? 0 : 1;
            events.add(new Decoding.Commit(position, token, Scores.probabilities(scores)[token], given));
            write(position, token);
            state = next(state, token);
        }
        return new Decoding(strategy, answer(), true, events, chosen, 0, modelCalls(), false);
    }

    /** The puzzle position of answer index k. */
    int position(int k) {
        return positions[k];
    }

    /** How many positions the decoder writes. */
    int length() {
        return positions.length;
    }

    void write(int position, int token) {
        answer[position] = token;
    }

    void clear(int position) {
        answer[position] = Tokens.PAD;
    }

    int[] answer() {
        return answer.clone();
    }

    long modelCalls() {
        return modelCalls;
    }

    /**
     * The puzzle's givens as tokens, per position (−1 where the puzzle leaves the position
     * open, and everywhere when there are no constraints): what every strategy writes as
     * given instead of asking the model. A decoder is trained to copy the givens, but a copy
     * it gets wrong would write over the puzzle itself; the givens are the input, not a guess.
     */
    int[] givens(Optional<Csp> constraints) {
        int[] givens = new int[decoder.seqLen()];
        Arrays.fill(givens, -1);
        if (constraints.isPresent() && constraints.get().variableCount() == givens.length) {
            Csp csp = constraints.get();
            for (int i = 0; i < givens.length; i++) {
                givens[i] = csp.given(i) < 0 ? -1 : Tokens.ofValue(csp.given(i));
            }
        }
        return givens;
    }

    /**
     * The CSP a constrained strategy checks against: present, and over exactly the positions
     * the decoder writes.
     */
    Csp constraints(Optional<Csp> constraints, String strategy) {
        Csp csp = constraints.orElseThrow(() -> new IllegalArgumentException(strategy
                + " decoding needs the puzzle's constraints (Sudoku or N-Queens)"));
        if (csp.variableCount() != decoder.seqLen() || positions.length != decoder.seqLen()) {
            throw new IllegalArgumentException(strategy + " decoding needs a decoder that writes every one of the "
                    + csp.variableCount() + " positions; this one writes " + positions.length + " of "
                    + decoder.seqLen());
        }
        return csp;
    }
}
