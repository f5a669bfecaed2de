package org.depthlab.claims;

import org.junit.jupiter.api.Test;

/** ACT: the ponder weights of a halting model sum to one, and its output stays in the hull of its states. */
class ActClaimsTest {

    @Test
    void hrmPonderWeightsSumToOneAndTheOutputStaysInTheHull() {
        ClaimAssertions.holds(new ActWeights(), Families.hrm(), 20);
    }

    @Test
    void trmPonderWeightsSumToOneAndTheOutputStaysInTheHull() {
        ClaimAssertions.holds(new ActWeights(), Families.trm(), 20);
    }
}
