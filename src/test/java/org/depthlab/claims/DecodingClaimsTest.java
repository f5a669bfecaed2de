package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Autoregressive decoding: prefix monotonicity, the KV cache, and greedy commitment against search. */
class DecodingClaimsTest {

    @Test
    void committingStrategiesNeverChangeAnEmittedToken() {
        ClaimAssertions.holds(new PrefixMonotonicity(), Families.greedy(), 10);
        ClaimAssertions.holds(new PrefixMonotonicity(), Families.sampling(), 10);
        ClaimAssertions.holds(new PrefixMonotonicity(), Families.constrained(), 10);
    }

    /** Contrast: a search around the decoder takes tokens back. */
    @Test
    void backtrackingDecodingRetracts() {
        ClaimAssertions.fails(new PrefixMonotonicity(), Families.backtracking(), 10);
    }

    @Test
    void kvCachedScoresEqualUncachedAndTeacherForcedScores() {
        ClaimAssertions.holds(new KvCacheEquivalence(), Families.decoder(), 10);
    }

    /** Contrast: a cache that is never extended agrees for two tokens, then not. */
    @Test
    void aStaleCacheDisagrees() {
        Verdict v = ClaimAssertions.fails(new KvCacheEquivalence(), Families.staleCache(), 5);
        assertTrue(v.evidence().contains("cached vs uncached differ"), v.evidence());
    }

    @Test
    void greedySucceedsIffTheSolverNeedsNoBacktrackInTheSameOrder() {
        ClaimAssertions.holds(new GreedyCommitment(), Families.sameOrder(), 200);
        // Both sides of the "iff" come up.
        Verdict v = new GreedyCommitment().check(Families.sameOrder(), org.depthlab.testing.Props.SEED, 100);
        assertTrue(v.evidence().contains("solved by both") && v.evidence().contains("greedy dead ends"),
                v.evidence());
    }

    /** Contrast: in different orders the two need not agree. */
    @Test
    void inDifferentOrdersTheyNeedNotAgree() {
        ClaimAssertions.fails(new GreedyCommitment(), Families.mixedOrders(), 30);
    }
}
