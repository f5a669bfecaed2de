package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which inputs can change which outputs: causality, the light cone, and parity. */
class InfluenceClaimsTest {

    @Test
    void aDecodersOutputAtTIgnoresEveryLaterToken() {
        ClaimAssertions.holds(new Causality(), Families.decoderStream(), 30);
    }

    @Test
    void fullAttentionIsNotCausal() {
        Verdict v = ClaimAssertions.fails(new Causality(), Families.fullAttention(), 5);
        assertTrue(v.evidence().contains("changing only the token at"), v.evidence());
    }

    @Test
    void localAttentionOfRadiusRHasALightConeOfKTimesR() {
        ClaimAssertions.holds(LightCone.declared(), Families.localAttention(), 30);
    }

    /** Contrast, found as a counterexample: one layer of full attention already reaches beyond radius 1. */
    @Test
    void fullAttentionViolatesTheConeAtOneLayer() {
        Verdict v = ClaimAssertions.fails(LightCone.withRadius(1), Families.fullAttention(), 5);
        assertTrue(v.evidence().contains("k = 1, r = 1"), v.evidence());
    }

    @Test
    void theHandSetLoopedNetComputesParityInNSteps() {
        ClaimAssertions.holds(new ComputesParity(), Families.parityNet(), 20);
    }

    @Test
    void theSameNetWithTooFewStepsDoesNot() {
        ClaimAssertions.fails(new ComputesParity(), Families.shortParityNet(), 3);
    }

    @Test
    void noModelWithASmallerConeComputesParity() {
        ClaimAssertions.holds(new ParityNeedsTheCone(), Families.shortParityNet(), 20);
        ClaimAssertions.holds(new ParityNeedsTheCone(), Families.localAttention(), 20);
    }

    @Test
    void aModelWhoseConeCoversEveryBitIsOutsideTheImpossibility() {
        Verdict v = ClaimAssertions.fails(new ParityNeedsTheCone(), Families.parityNet(), 3);
        assertTrue(v.evidence().contains("the cone covers every bit"), v.evidence());
    }
}
