package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Width (chapter 14): N samples run side by side have the sequential depth of one and N times
 * its FLOPs; with per-sample seeds derived from (base, i), pass@N and the distinct answers found
 * never fall as N grows. Each with the contrast that must fail: the same work done as a chain,
 * and samples reseeded for every N.
 */
class WidthClaimsTest {

    @Test
    void parallelSamplesHaveTheDepthOfOneAndNTimesItsFlops() {
        ClaimAssertions.holds(new WidthDepth(), WidthFamilies.parallel(), 10);
    }

    /** Contrast: N samples chained one after another are N times as deep. */
    @Test
    void aChainOfTheSameWorkGrowsDeeperWithN() {
        Verdict v = ClaimAssertions.fails(new WidthDepth(), WidthFamilies.chained(), 5);
        assertTrue(v.evidence().contains("the depth grew with N"), v.evidence());
    }

    @Test
    void passAtNAndCoverageNeverFallWithSeedsFromBaseAndIndex() {
        ClaimAssertions.holds(new Coverage(), WidthFamilies.parallel(), 10);
    }

    /** Contrast: seeds drawn afresh for every N — more samples, and pass@N can fall. */
    @Test
    void reseedingForEveryNCanLoseARightAnswer() {
        Verdict v = ClaimAssertions.fails(new Coverage(), WidthFamilies.reseeded(), 20);
        assertTrue(v.evidence().contains("pass@") || v.evidence().contains("distinct answers"), v.evidence());
    }
}
