package org.depthlab.solve;

/**
 * The greedy committing decoder: fill the open variables one at a time in a fixed
 * {@link VariableOrder}, give each the smallest value that forward checking still allows
 * ({@link CspState#domain(int)}), and never take anything back. It either completes the
 * puzzle or arrives at a variable with no value left — a dead end it cannot leave.
 *
 * <p>It is the classical picture of autoregressive decoding with a constraint mask: each
 * emitted token is final. With uniform scores and ties broken to the lowest token, a
 * constrained autoregressive decoder that follows the same order makes exactly these choices.
 *
 * <p><b>Greedy succeeds iff the solver needs no backtrack.</b> Its steps are the first branch
 * of {@link CspSolver}'s search in the same order: the same variable, the first value. If that
 * branch reaches a solution, the solver counts zero backtracks. If the branch meets a
 * wipe-out, the solver counts it as a backtrack, and greedy — which does not look at the
 * wipe-out — commits anyway and later reaches the emptied variable, its dead end (domains
 * only shrink while nothing is taken back). So greedy solves a puzzle iff the solver solves
 * it with zero backtracks.
 */
public final class GreedyDecoder {

    private final VariableOrder order;

    /** A decoder that uses the MRV order of the difficulty measure. */
    public GreedyDecoder() {
        this(VariableOrder.MRV);
    }

    /** A decoder that fills variables in {@code order}. */
    public GreedyDecoder(VariableOrder order) {
        this.order = order;
    }

    /** The variable order of this decoder. */
    public VariableOrder order() {
        return order;
    }

    /** Decodes {@code csp} from its givens. */
    public Result decode(Csp csp) {
        return decode(new CspState(csp));
    }

    /** Decodes from {@code start}, committing on it (the state is left as the decoder ends). */
    public Result decode(CspState start) {
        if (start.isDead()) {
            return new Result(false, start.values(), 0, firstEmpty(start));
        }
        int steps = 0;
        while (true) {
            int x = start.select(order);
            if (x < 0) {
                return new Result(true, start.values(), steps, -1);
            }
            long domain = start.domain(x);
            if (domain == 0) {
                return new Result(false, start.values(), steps, x);
            }
            // The wipe-out flag is ignored on purpose: a committing decoder does not look ahead.
            start.assign(x, Long.numberOfTrailingZeros(domain));
            steps++;
        }
    }

    private static int firstEmpty(CspState s) {
        for (int x = 0; x < s.csp().variableCount(); x++) {
            if (!s.isAssigned(x) && s.domain(x) == 0) {
                return x;
            }
        }
        return -1;
    }

    /**
     * The outcome of one greedy decode.
     *
     * @param solved whether every variable got a value
     * @param values the values committed (−1 for variables left open)
     * @param steps the number of values the decoder committed
     * @param deadEnd the variable that had no value left when its turn came, or −1 when
     *     solved (also −1 if the givens themselves conflict)
     */
    public record Result(boolean solved, int[] values, int steps, int deadEnd) {
        public Result {
            values = values.clone();
        }

        @Override
        public int[] values() {
            return values.clone();
        }
    }
}
