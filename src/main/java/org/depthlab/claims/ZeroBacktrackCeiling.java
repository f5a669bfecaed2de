package org.depthlab.claims;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.depthlab.decode.Backtracking;
import org.depthlab.decode.Decoding;
import org.depthlab.decode.Strategy;
import org.depthlab.models.Decoder;

/**
 * The ceiling of a committing decoder (the reflection claim of LR²Bench, Chen et al. 2025,
 * book/references.md [LR2Bench], made exact): <b>a committing decoder's exact match never
 * exceeds the share of puzzles that backtracking decoding, with the same model in the same
 * order, solves without a single retraction.</b>
 *
 * <p>Why. Backtracking decoding ({@link Backtracking}) tries, at each position in turn, the
 * values forward checking allows in the model's order, best first; its first branch is
 * therefore exactly constrained greedy decoding. If that branch reaches a solution the search
 * retracts nothing, and constrained greedy solves the puzzle; if it meets a wipe-out the
 * search retracts, and constrained greedy — which does not look at the wipe-out — reaches the
 * emptied position later, a dead end. So constrained greedy solves a puzzle iff the search
 * needs zero retractions: it sits exactly at the ceiling. Plain greedy decoding can only do
 * worse: if its unconstrained answer is a solution, each token it chose was allowed by
 * forward checking when chosen (forward checking never removes a value of a solution that
 * extends the prefix), so constrained greedy made the same choices. Whatever the model — its
 * quality changes the order of the values, not the logic — a decoder that cannot retract is
 * bounded by the puzzles that need no retraction. It is the decoder version of "greedy
 * iff no backtrack" ({@link GreedyCommitment}).
 *
 * <p>The check draws a decoder of random weights and six puzzles ({@link ConstraintDraws}),
 * decodes each with the strategy and with unbounded backtracking, and looks for a puzzle the
 * strategy solves although the search needed a retraction. Backtracking decoding itself is the
 * contrast: it solves such puzzles — retraction lifts the ceiling.
 */
public final class ZeroBacktrackCeiling implements Claim<Strategy> {

    /** Puzzles per instance: the exact match and the share are counted over them. */
    static final int PUZZLES = 6;

    @Override
    public About about() {
        return new About("zero-backtrack ceiling",
                "A committing decoder solves only puzzles that backtracking decoding with the same model solves"
                        + " without a retraction, so its exact match never exceeds their share; constrained greedy"
                        + " meets it puzzle by puzzle.",
                "committing decoding strategies (greedy, constrained greedy) on any decoder",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<Strategy> family, long seed, int tries) {
        Backtracking search = new Backtracking(Long.MAX_VALUE);
        return Trial.run(seed, tries, family.scale(), in -> {
            long s = in.seed();
            Strategy strategy = family.draw(s, 0, 0);
            int solved = 0;
            int clean = 0;
            Map<String, Integer> kinds = new TreeMap<>();
            for (int i = 0; i < PUZZLES; i++) {
                ConstraintDraws.Puzzle p = ConstraintDraws.puzzle(in.rng());
                in.tried("positions", p.length());
                in.inputs(1);
                kinds.merge(p.kind(), 1, Integer::sum);
                Decoder decoder = ConstraintDraws.decoder(s + i, p);
                Decoding committed = ConstraintDraws.decode(strategy, decoder, p);
                Decoding searched = ConstraintDraws.decode(search, decoder, p);
                boolean right = ConstraintDraws.solves(p, committed.answer());
                boolean noRetraction = searched.complete() && searched.retractions() == 0;
                if (right && !noRetraction) {
                    return Trial.failed(p.length(), String.format(Locale.ROOT, "%s solves a %s puzzle of %d positions"
                            + " on which backtracking decoding with the same model %s", strategy.name(), p.kind(),
                            p.length(), searched.complete() ? "needs " + searched.retractions()
                            + (searched.retractions() == 1 ? " retraction" : " retractions")
                            : "finds no solution"));
                }
                solved += right ? 1 : 0;
                clean += noRetraction ? 1 : 0;
            }
            return Trial.held(String.format(Locale.ROOT, "%s on %d puzzles %s: exact match %d of %d <= %d solved"
                    + " without a retraction", strategy.name(), PUZZLES, kinds, solved, PUZZLES, clean),
                    solved == clean ? "at the ceiling" : "below it");
        });
    }
}
