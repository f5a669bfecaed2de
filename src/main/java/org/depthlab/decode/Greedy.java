package org.depthlab.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecodingState;
import org.depthlab.solve.Csp;
import org.depthlab.tensor.Tape;

/**
 * Greedy decoding: at every position the highest-scoring token, ties to the lower token,
 * committed and fed back,
 * <pre>
 *   y_k = argmax_v p(v | x, y_&lt;k)
 * </pre>
 * Nothing is ever taken back, and nothing checks the answer against the rules: a wrong early
 * token stays and conditions everything after it. This is what {@link Decoder#segment} does
 * for a whole batch (and what {@code depthlab eval} measures by default).
 */
public record Greedy() implements Strategy {

    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public Decoding decode(Decoder decoder, Tape tape, int[] inputs, Optional<Csp> constraints) {
        Session session = new Session(decoder, tape);
        List<Decoding.Event> events = new ArrayList<>();
        DecodingState state = session.start(inputs);
        for (int k = 0; k < session.length(); k++) {
            double[] scores = state.scoresOf(0);
            int token = Scores.best(scores, Scores.all(scores.length));
            events.add(new Decoding.Commit(session.position(k), token, Scores.probabilities(scores)[token], false));
            session.write(session.position(k), token);
            state = session.next(state, token);
        }
        return new Decoding(name(), session.answer(), true, events, session.length(), 0, session.modelCalls(), false);
    }
}
