package org.depthlab.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.depthlab.BadInputException;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecodingState;
import org.depthlab.solve.Csp;
import org.depthlab.solve.CspState;
import org.depthlab.tasks.Tokens;
import org.depthlab.tensor.Tape;

/**
 * Backtracking decoding — the decoder inside a depth-first search with a constraint checker,
 * the "solver integration" of the book (Logic-LM, Pan et al. 2023, hands a model's
 * formalisation to a solver; here the solver drives the model token by token):
 * <pre>
 *   descend(prefix):
 *     if every position is written: solved
 *     i = the next position; if i is a given: write it and descend
 *     for v in the values forward checking allows at i, best model score first:
 *       node: commit v (assign, prune the later domains)
 *       if no later domain is empty and descend(prefix + v): solved
 *       retract v
 *     dead end: return to the previous choice
 * </pre>
 * It supplies what the architecture lacks: <b>retraction</b>. Every retraction returns to the
 * decoder's state before the token (its KV cache included), so taking back costs no model
 * call. The search is sound (forward checking admits only solutions) and complete: within its
 * node budget it finds a solution whenever one exists.
 *
 * <p>Nodes and retractions are counted as {@link org.depthlab.solve.CspSolver} counts nodes and
 * backtracks; with a model that scores every token alike the ranking is ascending and this
 * search makes exactly the solver's choices in index order (a test checks it).
 *
 * @param nodeBudget the most nodes (tokens tried) before giving up
 */
public record Backtracking(long nodeBudget) implements Strategy {

    /** The budget the command line uses unless told otherwise. */
    public static final long DEFAULT_BUDGET = 100_000;

    public Backtracking {
        if (nodeBudget < 1) {
            throw new BadInputException("the node budget must be at least 1, not " + nodeBudget);
        }
    }

    @Override
    public String name() {
        return nodeBudget == Long.MAX_VALUE ? "backtrack (no budget)" : "backtrack (budget " + nodeBudget + ")";
    }

    @Override
    public boolean needsConstraints() {
        return true;
    }

    @Override
    public Decoding decode(Decoder decoder, Tape tape, int[] inputs, Optional<Csp> constraints) {
        Session session = new Session(decoder, tape);
        Search search = new Search(session, new CspState(session.constraints(constraints, name())));
        if (search.csp.isDead()) {
            search.events.add(new Decoding.DeadEnd(firstEmpty(search.csp)));
            return new Decoding(name(), session.answer(), false, search.events, 0, 0, 0, false);
        }
        boolean solved = search.descend(session.start(inputs), 0);
        return new Decoding(name(), session.answer(), solved, search.events, search.nodes, search.retractions,
                session.modelCalls(), search.exhausted);
    }

    /** The first open position without values, or −1 when the givens themselves conflict. */
    static int firstEmpty(CspState s) {
        for (int x = 0; x < s.csp().variableCount(); x++) {
            if (!s.isAssigned(x) && s.domain(x) == 0) {
                return x;
            }
        }
        return -1;
    }

    /** One search: the state, the counters, and the recursion. */
    private final class Search {
        final Session session;
        final CspState csp;
        final List<Decoding.Event> events = new ArrayList<>();
        long nodes;
        long retractions;
        boolean exhausted;

        Search(Session session, CspState csp) {
            this.session = session;
            this.csp = csp;
        }

        /** Writes answer k onwards from {@code state}; true when a solution is written. */
        boolean descend(DecodingState state, int k) {
            if (k == session.length()) {
                return true;
            }
            int position = session.position(k);
            double[] scores = state.scoresOf(0);
            double[] p = Scores.probabilities(scores);
            if (csp.isAssigned(position)) {
                int token = Tokens.ofValue(csp.value(position));
                events.add(new Decoding.Commit(position, token, p[token], true));
                session.write(position, token);
                if (descend(session.next(state, token), k + 1)) {
                    return true;
                }
                if (!exhausted) {
                    session.clear(position);
                    events.add(new Decoding.Retract(position, token, true));
                }
                return false;
            }
            int[] candidates = Scores.ranked(scores, Scores.tokensOf(csp.domain(position)));
            if (candidates.length == 0) {
                events.add(new Decoding.DeadEnd(position));
                return false;
            }
            for (int token : candidates) {
                if (nodes == nodeBudget) {
                    exhausted = true;
                    return false;
                }
                nodes++;
                events.add(new Decoding.Commit(position, token, p[token], false));
                session.write(position, token);
                boolean alive = csp.assign(position, token - Tokens.VALUE_BASE);
                if (alive && descend(session.next(state, token), k + 1)) {
                    return true;
                }
                if (exhausted) {
                    // Stop where the budget ran out: the partial answer stays as written.
                    return false;
                }
                csp.undo();
                session.clear(position);
                retractions++;
                events.add(new Decoding.Retract(position, token, false));
            }
            return false;
        }
    }
}
