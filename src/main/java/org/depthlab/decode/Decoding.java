package org.depthlab.decode;

import java.util.List;

/**
 * What one decoding of one puzzle did, step by step — the autoregressive counterpart of a
 * refinement model's {@link org.depthlab.models.Trajectory}. A refinement model may change any
 * cell between segments; a decoder commits one cell at a time, and only a search around it can
 * take a cell back. The events say exactly that: every {@link Commit}, every {@link Retract}
 * and every {@link DeadEnd}, in order. Replaying them from an empty answer (a commit writes its
 * cell, a retraction clears it) ends at {@link #answer()}.
 *
 * @param strategy    the strategy's name, e.g. "greedy", "backtrack (budget 100000)"
 * @param answer      the answer tokens, one per puzzle position; PAD (0) where nothing was
 *                    written (positions the decoder does not write, or after a dead end)
 * @param complete    whether every answer position got a token (a constrained strategy that
 *                    completes has found a solution; an unconstrained one may be wrong)
 * @param events      every commit, retraction and dead end, in order
 * @param nodes       tokens chosen at positions that had a choice (a given is a forced commit,
 *                    not a node, in every strategy) — for backtracking, the CSP solver's
 *                    nodes; for beam search, hypotheses kept at open positions
 * @param retractions chosen tokens taken back (backtracking: the solver's backtracks; beam
 *                    search: chosen tokens of the leading hypothesis it abandoned)
 * @param modelCalls  passes of the model (reading the puzzle, then one per token fed back)
 * @param budgetExhausted whether a node budget stopped the search before it finished
 */
public record Decoding(String strategy, int[] answer, boolean complete, List<Event> events, long nodes,
                       long retractions, long modelCalls, boolean budgetExhausted) {

    public Decoding {
        answer = answer.clone();
        events = List.copyOf(events);
    }

    @Override
    public int[] answer() {
        return answer.clone();
    }

    /** One thing a strategy did. */
    public sealed interface Event permits Commit, Retract, DeadEnd {
    }

    /**
     * A token written at a position.
     *
     * @param probability the model's softmax probability of this token at this point
     *                    (before any constraint mask)
     * @param forced      the constraints left this token only (a given)
     */
    public record Commit(int position, int token, double probability, boolean forced) implements Event {
    }

    /** A written token taken back ({@code forced}: a given, taken back with the choices before it). */
    public record Retract(int position, int token, boolean forced) implements Event {
    }

    /**
     * No token is allowed at {@code position} by the constraints, given what was written; −1
     * when the puzzle's givens already contradict each other.
     */
    public record DeadEnd(int position) implements Event {
    }

    /** The position of the dead end that stopped the decoding, or −1 if none did. */
    public int deadEnd() {
        if (complete || events.isEmpty() || !(events.get(events.size() - 1) instanceof DeadEnd)) {
            return -1;
        }
        return ((DeadEnd) events.get(events.size() - 1)).position();
    }
}
