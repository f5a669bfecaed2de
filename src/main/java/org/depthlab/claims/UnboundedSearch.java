package org.depthlab.claims;

import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.decode.Backtracking;
import org.depthlab.decode.Decoding;
import org.depthlab.decode.Strategy;
import org.depthlab.models.Decoder;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.VariableOrder;

/**
 * Completeness of search around a decoder ([CSP] in book/references.md: depth-first search
 * with forward checking is complete): <b>backtracking decoding with an unbounded node budget
 * solves every satisfiable puzzle, whatever the model</b> — and, being sound, answers nothing
 * on one without a solution.
 *
 * <p>Why. The search ({@link Backtracking}) visits, position by position, every value forward
 * checking allows, in the model's order; forward checking only removes values that cannot be
 * part of a solution extending the prefix, so no solution is skipped, and the tree is finite.
 * The model decides <em>how soon</em> the solution is found, never <em>whether</em>. With a
 * budget of B nodes the guarantee is gone: a search that needs more than B nodes stops — the
 * contrast, which fails.
 *
 * <p>The check draws a puzzle ({@link ConstraintDraws}, satisfiable or not; satisfiability is
 * decided by the classical {@link CspSolver}) and a decoder of random weights, decodes, and
 * checks the answer with the puzzle's own constraints.
 */
public final class UnboundedSearch implements Claim<Strategy> {

    @Override
    public About about() {
        return new About("unbounded search solves",
                "Backtracking decoding with no node budget solves every satisfiable puzzle, with any model, and"
                        + " answers nothing on an unsatisfiable one.",
                "backtracking decoding without a node budget",
                Rigor.exact());
    }

    /** Backtracking decoding with no node budget (Long.MAX_VALUE nodes). */
    public static Family<Strategy> unbounded() {
        return new Family<>("backtrack-unbounded", (seed, vocab, length) -> new Backtracking(Long.MAX_VALUE));
    }

    /** Backtracking decoding stopped after 8 to 32 nodes: outside the claim. */
    public static Family<Strategy> budgeted() {
        return new Family<>("backtrack-budget", (seed, vocab, length) ->
                new Backtracking(8 + new SplittableRandom(seed).nextInt(25)));
    }

    @Override
    public Verdict check(Family<Strategy> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            long s = in.seed();
            Strategy strategy = family.draw(s, 0, 0);
            ConstraintDraws.Puzzle p = ConstraintDraws.puzzle(in.rng());
            in.tried("positions", p.length());
            in.inputs(1);
            Decoder decoder = ConstraintDraws.decoder(s, p);
            boolean satisfiable = new CspSolver(VariableOrder.INDEX).solve(p.csp()).solved();
            Decoding d = ConstraintDraws.decode(strategy, decoder, p);
            boolean right = ConstraintDraws.solves(p, d.answer());
            String what = String.format(Locale.ROOT, "%s, a %s puzzle of %d positions %s", strategy.name(), p.kind(),
                    p.length(), satisfiable ? "with a solution" : "without one");
            if (satisfiable && !right) {
                return Trial.failed(p.length(), what + ": " + (d.budgetExhausted()
                        ? "the budget ran out after " + d.nodes() + " nodes" : "no solution written"));
            }
            if (!satisfiable && d.complete()) {
                return Trial.failed(p.length(), what + ": it wrote a complete answer");
            }
            return Trial.held(what + (satisfiable ? String.format(Locale.ROOT, ": solved in %d nodes, %d retracted",
                    d.nodes(), d.retractions()) : ": no answer written"), satisfiable ? "solved" : "unsatisfiable");
        });
    }
}
