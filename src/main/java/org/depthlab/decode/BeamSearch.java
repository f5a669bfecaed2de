package org.depthlab.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.depthlab.BadInputException;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecodingState;
import org.depthlab.solve.Csp;
import org.depthlab.tensor.Tape;

/**
 * Beam search: keep the W partial answers with the highest total log-probability
 * <pre>
 *   score(y_≤k) = Σ_{j ≤ k} log p(y_j | x, y_&lt;j)
 * </pre>
 * extend each by every token, and keep the W best of those (ties: earlier beam, then lower
 * token). W = 1 is greedy. At the end the best complete answer wins. A given of the puzzle is
 * the only extension at its position — beam search, like greedy decoding, never writes over
 * the puzzle — and its log-probability still counts in the score, which stays the
 * log-probability of the whole answer under the model.
 *
 * <p>Beam search can change its mind, but only among the W answers it still holds: when the
 * best hypothesis after a step does not extend the best one before it, the old leader's tokens
 * from the first one in which they differ are recorded as retractions, and the new leader's as
 * commits. It knows nothing of the puzzle's rules beyond its givens.
 *
 * @param width W ≥ 1
 */
public record BeamSearch(int width) implements Strategy {

    public BeamSearch {
        if (width < 1) {
            throw new BadInputException("the beam width must be at least 1, not " + width);
        }
    }

    @Override
    public String name() {
        return "beam (width " + width + ")";
    }

    /** A partial answer: its decoder state, its tokens and their probabilities, its total log-probability. */
    private record Hypothesis(DecodingState state, int[] tokens, double[] probabilities, double logProbability,
                              boolean[] given) {
    }

    private record Candidate(int beam, int token, double logProbability) {
    }

    @Override
    public Decoding decode(Decoder decoder, Tape tape, int[] inputs, Optional<Csp> constraints) {
        Session session = new Session(decoder, tape);
        int[] givens = session.givens(constraints);
        List<Decoding.Event> events = new ArrayList<>();
        List<Hypothesis> beams = List.of(new Hypothesis(session.start(inputs), new int[0], new double[0], 0,
                new boolean[0]));
        long nodes = 0;
        long retractions = 0;
        for (int k = 0; k < session.length(); k++) {
            int given = givens[session.position(k)];
            List<Candidate> candidates = new ArrayList<>();
            for (int b = 0; b < beams.size(); b++) {
                double[] logP = Scores.logProbabilities(beams.get(b).state().scoresOf(0));
                for (int v = 0; v < logP.length; v++) {
                    if (given < 0 || v == given) {
                        candidates.add(new Candidate(b, v, beams.get(b).logProbability() + logP[v]));
                    }
                }
            }
            candidates.sort(Comparator.comparingDouble(Candidate::logProbability).reversed()
                    .thenComparingInt(Candidate::beam).thenComparingInt(Candidate::token));
            List<Hypothesis> kept = new ArrayList<>();
            for (Candidate c : candidates.subList(0, Math.min(width, candidates.size()))) {
                Hypothesis parent = beams.get(c.beam());
                int[] tokens = Arrays.copyOf(parent.tokens(), k + 1);
                tokens[k] = c.token();
                double[] probs = Arrays.copyOf(parent.probabilities(), k + 1);
                probs[k] = Math.exp(c.logProbability() - parent.logProbability());
                boolean[] forced = Arrays.copyOf(parent.given(), k + 1);
                forced[k] = given >= 0;
                kept.add(new Hypothesis(session.next(parent.state(), c.token()), tokens, probs, c.logProbability(),
                        forced));
                nodes += given >= 0 ? 0 : 1;
            }
            retractions += follow(session, events, beams.get(0), kept.get(0), k);
            beams = kept;
        }
        return new Decoding(name(), session.answer(), true, events, nodes, retractions, session.modelCalls(), false);
    }

    /**
     * Records how the leading hypothesis moved from {@code before} (k tokens) to {@code after}
     * (k + 1): the old leader's tokens it abandons are retracted (last first), the new
     * leader's written; returns the number retracted.
     */
    private static long follow(Session session, List<Decoding.Event> events, Hypothesis before, Hypothesis after,
                               int k) {
        int first = k;
        for (int j = 0; j < k; j++) {
            if (before.tokens()[j] != after.tokens()[j]) {
                first = j;
                break;
            }
        }
        long retracted = 0;
        for (int j = k - 1; j >= first; j--) {
            events.add(new Decoding.Retract(session.position(j), before.tokens()[j], before.given()[j]));
            session.clear(session.position(j));
            retracted += before.given()[j] ? 0 : 1;
        }
        for (int j = first; j <= k; j++) {
            events.add(new Decoding.Commit(session.position(j), after.tokens()[j], after.probabilities()[j],
                    after.given()[j]));
            session.write(session.position(j), after.tokens()[j]);
        }
        return retracted;
    }
}
