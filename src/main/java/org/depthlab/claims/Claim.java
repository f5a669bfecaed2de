package org.depthlab.claims;

/**
 * A statement about every model of a class, with a check that draws random members of the
 * class (and random inputs, puzzles, perturbations) from a seed and returns a {@link Verdict}.
 *
 * <p>Every claim here is a provable property of the sources in {@code book/references.md} and says in
 * plain words what it checks. Running one on a model of your own:
 * <pre>
 *   Family&lt;RefinementModel&gt; mine = new Family&lt;&gt;("mine", (seed, vocab, length) -&gt; new MyModel(...));
 *   Verdict v = SegmentDepth.declared().check(mine, 1);
 * </pre>
 * A claim is only as good as its ability to fail: each comes with a test that breaks the code
 * it checks and sees it fail, and the claims table shows <em>contrasts</em> — models outside
 * the claim's class on which it must fail.
 *
 * @param <M> what the claim is about: a refinement model, a decoder, a map on sequences, …
 */
public interface Claim<M> {

    /** The instances a check draws when not told otherwise ({@code depthlab claims} uses the same). */
    int DEFAULT_TRIES = 10;

    /** What the claim says: its name, statement, the class of models, its rigor. */
    About about();

    /** A short name for the table, e.g. "light cone". */
    default String name() {
        return about().name();
    }

    /** Provable or empirical, and the tolerance of the check. */
    default Rigor rigor() {
        return about().rigor();
    }

    /**
     * Checks the claim on {@code tries} members of {@code family} drawn from {@code seed}.
     *
     * @return holds, with measured numbers; fails, with the smallest counterexample found; or not
     *         tested, when no instance could test the claim
     */
    Verdict check(Family<M> family, long seed, int tries);

    /** {@link #check(Family, long, int)} with {@link #DEFAULT_TRIES} instances. */
    default Verdict check(Family<M> family, long seed) {
        return check(family, seed, DEFAULT_TRIES);
    }
}
