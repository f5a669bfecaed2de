package org.depthlab.decode;

import java.util.Optional;
import org.depthlab.models.Decoder;
import org.depthlab.solve.Csp;
import org.depthlab.tensor.Tape;

/**
 * Greedy decoding: at every open position the highest-scoring token, ties to the lower token,
 * committed and fed back,
 * <pre>
 *   y_k = argmax_v p(v | x, y_&lt;k)
 * </pre>
 * Nothing is ever taken back, and nothing checks the answer against the rules: a wrong early
 * token stays and conditions everything after it. A given of the puzzle (when the task has
 * constraints, Sudoku or N-Queens) is written as given, a forced commit that is not a choice:
 * greedy decoding never writes over the puzzle. This is what {@code depthlab eval} measures
 * by default; {@link Decoder#segment}, which the trainer's test accuracy uses, takes the
 * argmax everywhere, givens included.
 */
public record Greedy() implements Strategy {

    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public Decoding decode(Decoder decoder, Tape tape, int[] inputs, Optional<Csp> constraints) {
        return new Session(decoder, tape).commitLeftToRight(name(), inputs, constraints,
                scores -> Scores.best(scores, Scores.all(scores.length)));
    }
}
