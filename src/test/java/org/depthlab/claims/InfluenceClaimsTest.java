package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which inputs can change which outputs: causality, the light cone, and parity. */
class InfluenceClaimsTest {

    @Test
    void aDecodersOutputAtTIgnoresEveryLaterToken() {
        ClaimAssertions.holds(new Causality(), Families.decoderStream(), 10);
    }

    @Test
    void fullAttentionIsNotCausal() {
        Verdict v = ClaimAssertions.fails(new Causality(), Families.fullAttention(), 5);
        assertTrue(v.evidence().contains("changing only the token at"), v.evidence());
    }

    @Test
    void localAttentionOfRadiusRHasALightConeOfKTimesR() {
        ClaimAssertions.holds(LightCone.declared(), Families.localAttention(), 10);
    }

    /** Contrast, found as a counterexample: one layer of full attention already reaches beyond radius 1. */
    @Test
    void fullAttentionViolatesTheConeAtOneLayer() {
        Verdict v = ClaimAssertions.fails(LightCone.withRadius(1), Families.fullAttention(), 5);
        assertTrue(v.evidence().contains("k = 1 (measured), r = 1 (assumed)"), v.evidence());
    }

    /** Contrast: a model blind to its input passes any bound vacuously; the claim asks that the cone be reached. */
    @Test
    void aModelBlindToItsInputFailsTheCone() {
        Verdict v = ClaimAssertions.fails(LightCone.declared(), Families.inputBlind(), 3);
        assertTrue(v.evidence().contains("no token changed any output"), v.evidence());
    }

    @Test
    void theHandSetLoopedNetComputesParityInNSteps() {
        ClaimAssertions.holds(new ComputesParity(), Families.parityNet(), 10);
    }

    @Test
    void theSameNetWithTooFewStepsDoesNot() {
        ClaimAssertions.fails(new ComputesParity(), Families.shortParityNet(), 3);
    }

    @Test
    void noModelWithASmallerConeComputesParity() {
        ClaimAssertions.holds(new ParityNeedsTheCone(), Families.shortParityNet(), 10);
        ClaimAssertions.holds(new ParityNeedsTheCone(), Families.localAttention(), 10);
    }

    @Test
    void aModelWhoseConeCoversEveryBitIsOutsideTheImpossibility() {
        Verdict v = ClaimAssertions.fails(new ParityNeedsTheCone(), Families.parityNet(), 3);
        assertTrue(v.evidence().contains("flipping bit 0 changed the output"), v.evidence());
    }
}
