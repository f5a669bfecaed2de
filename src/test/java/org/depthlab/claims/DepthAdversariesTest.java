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
 * Issue 19, class 1: layer depth must be measured, not announced. Adversaries that hide layers
 * from a self-reporting count — a layer built from the parts instead of a {@code Block}, a
 * value that leaves the computation and re-enters as a constant — and their honest twins, all
 * checked at the library's default settings ({@link Claim#check(Family, long)}).
 */
class DepthAdversariesTest {

    /** Refiners of 1..3 loops, rigged by {@code rig}. */
    private static Family<RefinementModel> refiners(String name, UnaryOperator<Rigged.Refiner> rig) {
        return new Family<>(name, (seed, vocab, length) -> rig.apply(Rigged.Refiner.honest(vocab, length, seed,
                1 + new SplittableRandom(seed).nextInt(3))).build());
    }

    private static Verdict check(Claim<RefinementModel> claim, Family<RefinementModel> family) {
        return claim.check(family, Props.SEED);
    }

    @Test
    void theHonestRefinerHoldsItsDeclaredDepth() {
        Verdict v = check(SegmentDepth.declared(), refiners("honest", r -> r));
        assertTrue(v.holds(), v.toString());
    }

    /** One more layer made of attention, SwiGLU and RMSNorm, announced by nobody. */
    @Test
    void aLayerBuiltFromThePartsIsCounted() {
        Verdict cheat = check(SegmentDepth.declared(), refiners("extra-parts-layer", r -> r.withExtraParts(1)));
        assertTrue(cheat.fails(), cheat.toString());
        assertTrue(cheat.evidence().contains("declared"), cheat.evidence());
        Verdict twin = check(SegmentDepth.declared(), refiners("extra-parts-layer, declared",
                r -> r.withExtraParts(1).declaring(r.loops() + 1)));
        assertTrue(twin.holds(), twin.toString());
        Verdict two = check(SegmentDepth.declared(), refiners("two-extra-parts-layers", r -> r.withExtraParts(2)
                .declaring(r.loops() + 1)));
        assertTrue(two.fails(), two.toString());
    }

    /** K blocks, then z re-enters as Tensor.constant(...) and one block more, declared as 1. */
    @Test
    void aValueThatReEntersAsAConstantKeepsItsDepth() {
        for (Rigged.Reentry how : List.of(Rigged.Reentry.SAME_MATRIX, Rigged.Reentry.COPY, Rigged.Reentry.PERTURBED)) {
            Verdict cheat = check(SegmentDepth.declared(), refiners("reentry-" + how, r -> r.reentering(how).declaring(1)));
            assertTrue(cheat.fails(), how + ": " + cheat);
        }
        for (Rigged.Reentry how : List.of(Rigged.Reentry.SAME_MATRIX, Rigged.Reentry.COPY)) {
            Verdict twin = check(SegmentDepth.declared(), refiners("reentry-" + how + ", declared",
                    r -> r.reentering(how).declaring(r.loops() + 1)));
            assertTrue(twin.holds(), how + ": " + twin);
        }
        // The copy is traced and said so.
        Verdict copy = check(SegmentDepth.declared(), refiners("reentry-copy, declared",
                r -> r.reentering(Rigged.Reentry.COPY).declaring(r.loops() + 1)));
        assertTrue(copy.evidence().contains("re-entered as copies"), copy.evidence());
    }

    /**
     * A copy moved by one ulp is beyond the meter: it starts at depth 0. A model that carries
     * a state is still caught, because its second segment is not twice as deep as its first.
     */
    @Test
    void aChangedCopyIsCaughtThroughTheCarry() {
        Verdict v = check(SegmentDepth.declared(), refiners("reentry-perturbed", r -> r.reentering(
                Rigged.Reentry.PERTURBED).declaring(1)));
        assertTrue(v.evidence().contains("after a second segment"), v.evidence());
    }

    // ------------------------------------------------------------------ the light cone

    private static Family<SequenceMap> localMaps(String name, boolean fromParts, boolean oneFull) {
        return Rigged.maps(name, 0, (seed, vn) -> {
            int layers = 1 + new SplittableRandom(seed).nextInt(2);
            List<AttentionMask> masks = new java.util.ArrayList<>();
            for (int i = 0; i < layers; i++) {
                masks.add(AttentionMask.local(1));
            }
            if (oneFull) {
                masks.add(AttentionMask.full());
            }
            return new Rigged.Map(vn[0], vn[1], 1, seed, masks, fromParts, Rigged::positionsTable, false);
        });
    }

    /** An honest local model whose layers are not Blocks: no false alarm (its k is measured, not announced). */
    @Test
    void aLocalModelBuiltFromThePartsHasItsConeMeasured() {
        Verdict parts = LightCone.declared().check(localMaps("local-parts", true, false), Props.SEED);
        assertTrue(parts.holds(), parts.toString());
        Verdict blocks = LightCone.declared().check(localMaps("local-blocks", false, false), Props.SEED);
        assertTrue(blocks.holds(), blocks.toString());
        Verdict full = LightCone.declared().check(localMaps("local-parts-one-full", true, true), Props.SEED);
        assertTrue(full.fails(), full.toString());
    }
}
