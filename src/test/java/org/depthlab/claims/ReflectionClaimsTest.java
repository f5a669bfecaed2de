package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * The two claims of reflection: a committing decoder is bounded by the puzzles that need no
 * retraction, and unbounded search solves every satisfiable puzzle — each with a contrast.
 * Instances are drawn from the suite's seed ({@code -Ddepthlab.seed}).
 */
class ReflectionClaimsTest {

    @Test
    void aCommittingDecoderNeverExceedsTheZeroBacktrackShare() {
        ClaimAssertions.holds(new ZeroBacktrackCeiling(), Families.constrained(), 40);
        ClaimAssertions.holds(new ZeroBacktrackCeiling(), Families.greedy(), 20);
        // Constrained greedy sits exactly at the ceiling, and the draws include puzzles that need retractions.
        Verdict v = new ZeroBacktrackCeiling().check(Families.constrained(), Props.SEED, 20);
        assertTrue(v.evidence().contains("at the ceiling") && !v.evidence().contains("below it"), v.evidence());
    }

    /** Contrast: a decoder that can retract solves puzzles above the ceiling. */
    @Test
    void retractionLiftsTheCeiling() {
        Verdict v = ClaimAssertions.fails(new ZeroBacktrackCeiling(), UnboundedSearch.unbounded(), 10);
        assertTrue(v.evidence().contains("retraction"), v.evidence());
    }

    @Test
    void unboundedBacktrackingSolvesEverySatisfiablePuzzle() {
        ClaimAssertions.holds(new UnboundedSearch(), UnboundedSearch.unbounded(), 60);
        Verdict v = new UnboundedSearch().check(UnboundedSearch.unbounded(), Props.SEED, 60);
        assertTrue(v.evidence().contains("solved") && v.evidence().contains("unsatisfiable"), v.evidence());
    }

    /** Contrast: with a node budget the search can stop before it finds the solution. */
    @Test
    void aNodeBudgetBreaksCompleteness() {
        Verdict v = ClaimAssertions.fails(new UnboundedSearch(), UnboundedSearch.budgeted(), 10);
        assertTrue(v.evidence().contains("budget ran out"), v.evidence());
    }
}
