package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.depthlab.testing.Props;

/**
 * Claims as property tests: the library's own check ({@link Trial#run}: the first instance at
 * the family's bounds with the structured probes, then sizes across scales) on instances drawn
 * from the suite's seed, {@code -Ddepthlab.seed} — a failure prints the seed, the verdict and
 * its counterexample, which names the instance. A contrast must fail within a few tries, and
 * its verdict must say why.
 */
final class ClaimAssertions {

    private ClaimAssertions() {
    }

    private static String rerun() {
        return " (seed " + Props.SEED + "; rerun with -Ddepthlab.seed=" + Props.SEED + ")";
    }

    /** The claim holds, and tests something, on {@code tries} instances of the family; returns the verdict. */
    static <M> Verdict holds(Claim<M> claim, Family<M> family, int tries) {
        Verdict v = claim.check(family, Props.SEED, tries);
        assertTrue(v.holds(), claim.name() + " on " + family.name() + rerun() + ": " + v);
        return v;
    }

    /** The claim fails on the family within {@code tries} instances, with a counterexample; returns the verdict. */
    static <M> Verdict fails(Claim<M> claim, Family<M> family, int tries) {
        Verdict v = claim.check(family, Props.SEED, tries);
        assertTrue(v.fails(), claim.name() + " should fail on " + family.name() + rerun() + ": " + v);
        assertTrue(v.evidence().startsWith("counterexample: "), v.evidence());
        assertTrue(v.evidence().contains("seed " + Props.SEED + ", instance "), "names its instance: " + v.evidence());
        return v;
    }

    /** Nothing the claim could test: the verdict says so. */
    static <M> Verdict notTested(Claim<M> claim, Family<M> family, int tries) {
        Verdict v = claim.check(family, Props.SEED, tries);
        assertEquals(Verdict.Outcome.NOT_TESTED, v.outcome(), claim.name() + " on " + family.name() + rerun() + ": " + v);
        return v;
    }
}
