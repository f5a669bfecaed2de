package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.depthlab.models.RefinementModel;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * What the claims do not catch at their default settings, measured so that the README's list
 * of limits stays true: each test here is a cheat that passes. If one of them starts to fail,
 * the library got stronger — move it to the adversaries that are caught, and update the README.
 */
class LimitsTest {

    private static Family<RefinementModel> refiners(String name, UnaryOperator<Rigged.Refiner> rig) {
        return new Family<>(name, (seed, vocab, length) -> rig.apply(Rigged.Refiner.honest(vocab, length, seed,
                1 + new SplittableRandom(seed).nextInt(3))).build());
    }

    /** A layer that mixes positions by a gather and an add, not by attention, is not counted as depth. */
    @Test
    void mixingByMovingRowsIsNotCounted() {
        Verdict v = SegmentDepth.declared().check(refiners("shift-and-add", r -> r.shifting(1)), Props.SEED);
        assertTrue(v.holds(), v.toString());
    }

    /** A model that carries no state and re-enters a changed copy of a value under-reports its depth. */
    @Test
    void aChangedCopyInAModelWithoutStateIsNotTraced() {
        Verdict v = SegmentDepth.declared().check(refiners("stateless-perturbed", r -> r.carryingNothing()
                .reentering(Rigged.Reentry.PERTURBED).declaring(1)), Props.SEED);
        assertTrue(v.holds(), v.toString());
    }

    /** Output 5 reading token 6 only when it is 537: the value sweep's cut points miss position 5. */
    @Test
    void aRareValueAtAnUncutPositionIsFoundOnlyByChance() {
        Verdict v = new Causality().check(Rigged.maps("leak-6-to-5-on-537", 1000, (seed, vn) -> new Rigged.Map(1000,
                vn[1], -1, seed, List.of(AttentionMask.causal()), false, (tokens, vocab) -> tokens.length > 6
                && tokens[6] == 537 ? Rigged.bump(tokens.length, 5, 1.0) : null, false)), Props.SEED);
        assertTrue(v.holds(), v.toString());
    }
}
