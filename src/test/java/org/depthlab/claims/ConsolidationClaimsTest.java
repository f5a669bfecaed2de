package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The consolidation claims (book chapter 12): sleep passes read no token, what is kept after
 * the drop does not grow with the context, and the delta rule recalls orthonormal keys
 * exactly — each with the contrast that breaks it.
 */
class ConsolidationClaimsTest {

    @Test
    void aSleepPassReadsNoInputToken() {
        ClaimAssertions.holds(new SleepReadsNoTokens(), ConsolidationFamilies.sleepingFastWeights(), 10);
    }

    @Test
    void aPassThatRereadsTheTokensIsCaught() {
        Verdict v = ClaimAssertions.fails(new SleepReadsNoTokens(), ConsolidationFamilies.rereading(), 3);
        assertTrue(v.evidence().contains("the passes read tokens"), v.evidence());
    }

    @Test
    void memoryAfterConsolidationIsIndependentOfContextLength() {
        ClaimAssertions.holds(new ConsolidatedMemory(), ConsolidationFamilies.fastWeights(), 10);
    }

    @Test
    void aKeptContextGrowsWithItsLength() {
        ClaimAssertions.fails(new ConsolidatedMemory(), ConsolidationFamilies.keptContext(), 3);
    }

    @Test
    void theDeltaRuleRecallsOrthonormalKeysExactly() {
        ClaimAssertions.holds(new DeltaRuleRecall(), ConsolidationFamilies.orthonormalKeys(), 40);
    }

    @Test
    void overlappingKeysInterfere() {
        ClaimAssertions.fails(new DeltaRuleRecall(), ConsolidationFamilies.overlappingKeys(), 3);
    }
}
