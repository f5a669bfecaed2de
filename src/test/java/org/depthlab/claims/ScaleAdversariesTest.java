package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.depthlab.models.RefinementModel;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, class 2: violations that start beyond small sizes. Each adversary behaves below a
 * size and breaks its claim above it; the claims draw sizes across scales up to the family's
 * bound (64 positions, 16 steps by default), take the bound in their first instance, and say
 * in the verdict which sizes they tried. Default settings throughout.
 */
class ScaleAdversariesTest {

    private static Family<RefinementModel> refiners(String name, UnaryOperator<Rigged.Refiner> rig) {
        return new Family<>(name, (seed, vocab, length) -> rig.apply(Rigged.Refiner.honest(vocab, length, seed,
                1 + new SplittableRandom(seed).nextInt(3))).build());
    }

    /** One more layer for every 16 positions: the same depth at every length below 16. */
    @Test
    void depthThatGrowsEvery16PositionsIsCaught() {
        Verdict cheat = SegmentDepth.declared().check(refiners("deeper-every-16", r -> r.growingEvery(16)), Props.SEED);
        assertTrue(cheat.fails(), cheat.toString());
        assertTrue(cheat.evidence().contains("depth grows with length"), cheat.evidence());
        Verdict twin = SegmentDepth.declared().check(refiners("honest", r -> r), Props.SEED);
        assertTrue(twin.holds(), twin.toString());
        assertEquals("n 1-64", twin.sizes(), "the verdict says which lengths were tried");
    }

    /** Beyond the default bound a violation is not seen — until the family raises it. */
    @Test
    void aFamilyCanRaiseTheBound() {
        Family<RefinementModel> late = refiners("deeper-every-100", r -> r.growingEvery(100));
        Verdict atDefault = SegmentDepth.declared().check(late, Props.SEED);
        assertTrue(atDefault.holds(), "beyond the default bound of 64: " + atDefault);
        Verdict raised = SegmentDepth.declared().check(late.withScale(Scale.DEFAULT.withMaxLength(256)), Props.SEED);
        assertTrue(raised.fails(), raised.toString());
        assertEquals("n 1-256", raised.sizes());
    }

    /** A causal model that, from position 8 on, also reads the next token. */
    @Test
    void aLeakThatStartsAtPosition8IsCaught() {
        Verdict cheat = new Causality().check(Rigged.maps("leak-from-8", 0, (seed, vn) -> new Rigged.Map(vn[0], vn[1], -1,
                seed, List.of(AttentionMask.causal()), false, (tokens, vocab) -> {
                    var m = new org.ejml.data.DMatrixRMaj(tokens.length, Rigged.HIDDEN);
                    for (int t = 8; t + 1 < tokens.length; t++) {
                        m.set(t, 0, tokens[t + 1]);
                    }
                    return m;
                }, false)), Props.SEED);
        assertTrue(cheat.fails(), cheat.toString());
        assertTrue(cheat.evidence().contains("changing only the token at"), cheat.evidence());
        Verdict twin = new Causality().check(Rigged.maps("own-token-from-8", 0, (seed, vn) -> new Rigged.Map(vn[0], vn[1],
                -1, seed, List.of(AttentionMask.causal()), false, (tokens, vocab) -> {
                    var m = new org.ejml.data.DMatrixRMaj(tokens.length, Rigged.HIDDEN);
                    for (int t = 8; t < tokens.length; t++) {
                        m.set(t, 0, tokens[t]);
                    }
                    return m;
                }, false)), Props.SEED);
        assertTrue(twin.holds(), twin.toString());
    }

    /** A one-step-gradient model that keeps every fifth step on the tape. */
    @Test
    void aCheckpointEveryFiveStepsIsCaught() {
        Family<TapeMemory.Unrolled> cheat = new Family<>("checkpoint-every-5", (seed, vocab, length) ->
                (cycles, steps) -> Rigged.Refiner.honest(vocab, length, seed, cycles * steps).oneStep(5).build());
        Verdict v = TapeMemory.constant().check(cheat, Props.SEED);
        assertTrue(v.fails(), v.toString());
        Family<TapeMemory.Unrolled> twin = new Family<>("one-step", (seed, vocab, length) ->
                (cycles, steps) -> Rigged.Refiner.honest(vocab, length, seed, cycles * steps).oneStep(0).build());
        Verdict honest = TapeMemory.constant().check(twin, Props.SEED);
        assertTrue(honest.holds(), honest.toString());
        assertTrue(honest.sizes().contains("N*T 1-16"), honest.sizes());
    }

    /** HRM-like memory that is constant in N but not in T: keeps every step on the tape once T > 1. */
    @Test
    void memoryThatGrowsOnlyWithTIsCaught() {
        Family<TapeMemory.Unrolled> cheat = new Family<>("records-when-t-above-1", (seed, vocab, length) ->
                (cycles, steps) -> Rigged.Refiner.honest(vocab, length, seed, cycles * steps).oneStep(steps > 1 ? 1 : 0)
                        .build());
        Verdict v = TapeMemory.constant().check(cheat, Props.SEED);
        assertTrue(v.fails(), v.toString());
    }

    /** Local attention that turns one layer global on sequences longer than 20. */
    @Test
    void aGlobalLayerBeyondLength20IsCaught() {
        Verdict cheat = LightCone.declared().check(Rigged.maps("global-beyond-20", 0, (seed, vn) -> new Rigged.Map(vn[0],
                vn[1], 1, seed, List.of(AttentionMask.local(1), vn[1] > 20 ? AttentionMask.full() : AttentionMask.local(1)),
                false, null, false)), Props.SEED);
        assertTrue(cheat.fails(), cheat.toString());
        Verdict twin = LightCone.declared().check(Rigged.maps("local", 0, (seed, vn) -> new Rigged.Map(vn[0], vn[1], 1,
                seed, List.of(AttentionMask.local(1), AttentionMask.local(1)), false, null, false)), Props.SEED);
        assertTrue(twin.holds(), twin.toString());
        assertEquals("n 4-64", twin.sizes());
    }
}
