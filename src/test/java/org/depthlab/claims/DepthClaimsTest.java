package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Sequential depth ([HRM], [TRM], [Looped]): per segment a stack of L blocks is L layer applications deep,
 * looped K times K·L, HRM N·T·|L| + N·|H|, TRM T·(n+1)·layers — measured by the meter (mixing
 * depth), compared with the published formula, the same at every input length from 1 to the
 * family's bound; autoregressive decoding grows with the tokens it emits.
 */
class DepthClaimsTest {

    @Test
    void flatStackDepthIsLAndDoesNotGrowWithLength() {
        ClaimAssertions.holds(SegmentDepth.facts(), Families.transformer(), 10);
    }

    @Test
    void loopedDepthIsKTimesL() {
        ClaimAssertions.holds(SegmentDepth.facts(), Families.looped(), 10);
    }

    @Test
    void hrmDepthIsNTimesTTimesLLayersPlusNTimesHLayers() {
        ClaimAssertions.holds(SegmentDepth.facts(), Families.hrm(), 10);
    }

    @Test
    void trmDepthIsTTimesNPlusOneTimesLayers() {
        ClaimAssertions.holds(SegmentDepth.facts(), Families.trm(), 10);
    }

    /** The models' own declarations agree with what the meter measures (the claim a reader's model uses). */
    @Test
    void everyModelDeclaresTheDepthItHas() {
        for (Family<org.depthlab.models.RefinementModel> f : java.util.List.of(Families.transformer(),
                Families.looped(), Families.hrm(), Families.trm())) {
            ClaimAssertions.holds(SegmentDepth.declared(), f, 5);
        }
    }

    /** Contrast: one segment of a decoder is a whole decoding, so its depth grows with the puzzle's length. */
    @Test
    void aDecodersSegmentDepthGrowsWithLength() {
        Verdict v = ClaimAssertions.fails(SegmentDepth.facts(), Families.decoderSegments(), 5);
        assertTrue(v.evidence().contains("depth grows with length"), v.evidence());
    }

    @Test
    void decodingDepthGrowsWithEmittedTokens() {
        ClaimAssertions.holds(new DecodingDepth(), Families.decoder(), 10);
    }

    /** Contrast: a decoder that feeds no token back scores every token at depth L. */
    @Test
    void aDecoderThatFeedsNothingBackDoesNotGetDeeper() {
        Verdict v = ClaimAssertions.fails(new DecodingDepth(), Families.parallelDecoder(), 5);
        assertTrue(v.evidence().contains("token 2 is scored"), v.evidence());
    }
}
