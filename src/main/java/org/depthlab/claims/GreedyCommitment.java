package org.depthlab.claims;

import java.util.Arrays;
import java.util.Locale;
import org.depthlab.solve.Csp;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.GreedyDecoder;
import org.depthlab.solve.SolverResult;
import org.depthlab.solve.VariableOrder;

/**
 * Greedy commitment (book/references.md, [CSP]): filling variables one at a
 * time with the first value forward checking allows, never taking one back
 * ({@link GreedyDecoder}), solves a puzzle <em>iff</em> depth-first search with forward
 * checking in the same variable and value order ({@link CspSolver}) solves it with zero
 * backtracks — and then both find the same solution. The proof is in {@link GreedyDecoder}:
 * greedy walks the search's first branch.
 *
 * <p>The check draws puzzles ({@link RandomCsp}) and compares the two in every
 * {@link VariableOrder}. The "model" here is the pair (greedy decoder, solver) in one order;
 * the family says which order each side uses — a greedy decoder in one order against the
 * solver in another is outside the claim, and fails it.
 */
public final class GreedyCommitment implements Claim<GreedyCommitment.Pair> {

    /** A greedy decoder and the solver it is compared with. */
    public record Pair(GreedyDecoder greedy, CspSolver solver, String orders) {
    }

    @Override
    public About about() {
        return new About("greedy iff no backtrack",
                "Greedy commitment with forward checking solves a puzzle iff the solver in the same order needs"
                        + " zero backtracks, and then with the same solution.",
                "a greedy decoder and a DFS solver with forward checking in one variable order",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<Pair> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            long s = in.seed();
            java.util.SplittableRandom rng = in.rng();
            Csp csp = RandomCsp.draw(rng);
            in.tried("variables", csp.variableCount());
            in.inputs(1);
            Pair pair = family.draw(s, csp.valueCount(), csp.variableCount());
            SolverResult solver = pair.solver().solve(csp);
            GreedyDecoder.Result greedy = pair.greedy().decode(csp);
            boolean clean = solver.solved() && solver.backtracks() == 0;
            String what = String.format(Locale.ROOT, "%s, %d variables: solver %s with %d backtracks, greedy %s", pair.orders(),
                    csp.variableCount(), solver.solved() ? "solves it" : "finds no solution", solver.backtracks(),
                    greedy.solved() ? "solves it" : "dead end at " + greedy.deadEnd());
            if (clean != greedy.solved()) {
                return Trial.failed(csp.variableCount(), what);
            }
            if (greedy.solved() && !Arrays.equals(solver.first(), greedy.values())) {
                return Trial.failed(csp.variableCount(), what + ", with different solutions");
            }
            String kind = greedy.solved() ? "solved by both"
                    : solver.solved() ? "greedy dead ends, solver backtracks" : "unsolvable";
            return Trial.held(what, kind);
        });
    }
}
