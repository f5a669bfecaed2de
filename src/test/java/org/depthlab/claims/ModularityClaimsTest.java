package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The modularity claims (book chapter 13): a binary mask splits a model's weights exactly, and
 * ablating a block disconnected by construction leaves the other block's output unchanged —
 * each with the contrast that breaks it.
 */
class ModularityClaimsTest {

    @Test
    void aBinaryMaskSplitsTheWeightsExactly() {
        ClaimAssertions.holds(new MaskAlgebra(), ModularityFamilies.binaryMasks(), 10);
    }

    @Test
    void aSoftMaskPutsWeightsInBothParts() {
        Verdict v = ClaimAssertions.fails(new MaskAlgebra(), ModularityFamilies.softMasks(), 3);
        assertTrue(v.evidence().contains("in both parts"), v.evidence());
    }

    @Test
    void ablatingADisconnectedBlockLeavesTheOtherUnchanged() {
        ClaimAssertions.holds(new AblationIsolation(), ModularityFamilies.disconnectedBlocks(), 20);
    }

    @Test
    void ablatingAConnectedBlockMovesTheOther() {
        ClaimAssertions.fails(new AblationIsolation(), ModularityFamilies.connectedBlocks(), 3);
    }
}
