package org.depthlab.claims;

import org.junit.jupiter.api.Test;

/** Tape memory ([HRM]): constant in N·T under the one-step gradient, linear in the steps under full back-propagation. */
class MemoryClaimsTest {

    @Test
    void hrmTapeMemoryIsConstantInCyclesTimesSteps() {
        ClaimAssertions.holds(TapeMemory.constant(), Families.hrmUnrolled(), 10);
    }

    @Test
    void fullBackpropTapeMemoryGrowsLinearlyInSteps() {
        ClaimAssertions.holds(TapeMemory.linear(), Families.loopedUnrolled(), 10);
        ClaimAssertions.holds(TapeMemory.linear(), Families.trmUnrolled(), 10);
    }

    /** Contrasts: each claim tells the two kinds of model apart. */
    @Test
    void theTwoMemoryClaimsTellTheModelsApart() {
        ClaimAssertions.fails(TapeMemory.constant(), Families.loopedUnrolled(), 3);
        ClaimAssertions.fails(TapeMemory.linear(), Families.hrmUnrolled(), 3);
    }
}
