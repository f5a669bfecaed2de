package org.depthlab.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecodingState;
import org.depthlab.solve.Csp;
import org.depthlab.solve.CspState;
import org.depthlab.tasks.Tokens;
import org.depthlab.tensor.Tape;

/**
 * Greedy decoding under a constraint mask: at position i, only the tokens of the values that
 * forward checking still allows given the givens and the prefix ({@link CspState#domain}) may
 * be chosen; among them the highest-scoring one (ties to the lower token) is committed for
 * good. A given's domain is its own value, so givens are forced. If no value is left at a
 * position the decoder is stuck: a <b>dead end</b> it cannot leave, because it cannot take back
 * the token that caused it.
 *
 * <p>The mask looks at each position only when its turn comes: a commit that empties a later
 * position's domain (a wipe-out) is not noticed until that position — exactly as the
 * classical {@link org.depthlab.solve.GreedyDecoder} in index order, whose choices this
 * strategy makes when the model scores every token alike. So it succeeds iff depth-first
 * search in the model's order needs no backtrack.
 */
public record ConstrainedGreedy() implements Strategy {

    @Override
    public String name() {
        return "constrained";
    }

    @Override
    public boolean needsConstraints() {
        return true;
    }

    @Override
    public Decoding decode(Decoder decoder, Tape tape, int[] inputs, Optional<Csp> constraints) {
        Session session = new Session(decoder, tape);
        CspState csp = new CspState(session.constraints(constraints, name()));
        List<Decoding.Event> events = new ArrayList<>();
        if (csp.isDead()) {
            events.add(new Decoding.DeadEnd(Backtracking.firstEmpty(csp)));
            return new Decoding(name(), session.answer(), false, events, 0, 0, 0, false);
        }
        DecodingState state = session.start(inputs);
        long nodes = 0;
        for (int k = 0; k < session.length(); k++) {
            int position = session.position(k);
            double[] scores = state.scoresOf(0);
            double[] p = Scores.probabilities(scores);
            int token;
            if (csp.isAssigned(position)) {
                token = Tokens.ofValue(csp.value(position));
                events.add(new Decoding.Commit(position, token, p[token], true));
            } else {
                int[] allowed = Scores.tokensOf(csp.domain(position));
                if (allowed.length == 0) {
                    events.add(new Decoding.DeadEnd(position));
                    return new Decoding(name(), session.answer(), false, events, nodes, 0, session.modelCalls(), false);
                }
                token = Scores.best(scores, allowed);
                nodes++;
                events.add(new Decoding.Commit(position, token, p[token], false));
                // The wipe-out flag is ignored on purpose: a committing decoder does not look ahead.
                csp.assign(position, token - Tokens.VALUE_BASE);
            }
            session.write(position, token);
            state = session.next(state, token);
        }
        return new Decoding(name(), session.answer(), true, events, nodes, 0, session.modelCalls(), false);
    }
}
