package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import org.depthlab.testing.Props;

/**
 * Claims as property tests: a claim holds on a family when it holds on one instance drawn from
 * each of {@code examples} seeds that QuickTheories draws from the suite's seed — a failure
 * prints the seed and the verdict's counterexample. A contrast must fail within a few tries
 * from the suite's seed, and its verdict must say why.
 */
final class ClaimAssertions {

    private ClaimAssertions() {
    }

    /** The claim holds on {@code examples} instances of the family. */
    static <M> void holds(Claim<M> claim, Family<M> family, int examples) {
        Props.qt(examples).forAll(longs().all()).checkAssert(seed -> {
            Verdict v = claim.check(family, seed, 1);
            assertTrue(v.holds(), claim.name() + " on " + family.name() + ", seed " + seed + ": " + v);
        });
    }

    /** The claim fails on the family within {@code tries} instances, with a counterexample; returns the verdict. */
    static <M> Verdict fails(Claim<M> claim, Family<M> family, int tries) {
        Verdict v = claim.check(family, Props.SEED, tries);
        assertFalse(v.holds(), claim.name() + " should fail on " + family.name() + ": " + v);
        assertTrue(v.evidence().startsWith("counterexample: "), v.evidence());
        return v;
    }
}
