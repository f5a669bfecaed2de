package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.depthlab.models.Carry;
import org.depthlab.models.ForwardingModel;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, class 3: a check that tested nothing says "not tested", never "holds". Models on
 * which a claim holds vacuously — a cone wider than the sequence, a segment that keeps nothing
 * for backward, a model blind to its input — and their honest twins. Default settings.
 */
class VacuousAdversariesTest {

    private static Family<SequenceMap> local(String name, int window, boolean blind, AttentionMask mask) {
        return Rigged.maps(name, 0, (seed, vn) -> new Rigged.Map(vn[0], vn[1], window, seed, List.of(mask), false, null,
                blind));
    }

    /** A window of 1,000 positions: every output's cone covers every token, so nothing lies outside it. */
    @Test
    void aConeThatCoversEveryPositionIsNotTested() {
        Verdict wide = LightCone.declared().check(local("window-1000", 1000, false, AttentionMask.local(1000)), Props.SEED);
        assertEquals(Verdict.Outcome.NOT_TESTED, wide.outcome(), wide.toString());
        assertTrue(wide.evidence().contains("covers all"), wide.evidence());
        Verdict twin = LightCone.declared().check(local("window-1", 1, false, AttentionMask.local(1)), Props.SEED);
        assertTrue(twin.holds(), twin.toString());
        // A window of 20: the short instances test nothing, the long ones do, and the verdict counts them.
        Verdict some = LightCone.declared().check(local("window-20", 20, false, AttentionMask.local(20)), Props.SEED);
        assertTrue(some.holds() && some.tested() < some.tried(), some.toString());
        assertTrue(some.evidence().contains("instances tested nothing"), some.evidence());
    }

    /** A segment run entirely without gradient keeps no bytes: "constant memory" would say nothing. */
    @Test
    void aSegmentThatKeepsNothingIsNotTested() {
        Family<TapeMemory.Unrolled> silent = new Family<>("records-nothing", (seed, vocab, length) -> (cycles, steps) ->
                new Silent(Rigged.Refiner.honest(vocab, length, seed, cycles * steps).oneStep(0).build()));
        Verdict v = TapeMemory.constant().check(silent, Props.SEED);
        assertEquals(Verdict.Outcome.NOT_TESTED, v.outcome(), v.toString());
        Family<TapeMemory.Unrolled> twin = new Family<>("one-step", (seed, vocab, length) -> (cycles, steps) ->
                Rigged.Refiner.honest(vocab, length, seed, cycles * steps).oneStep(0).build());
        assertTrue(TapeMemory.constant().check(twin, Props.SEED).holds());
    }

    /** Blind to its input: causal and local vacuously. Causality says "not tested"; the light cone, which asks to be reached, fails. */
    @Test
    void aModelBlindToItsInput() {
        Verdict causal = new Causality().check(local("blind-causal", -1, true, AttentionMask.causal()), Props.SEED);
        assertEquals(Verdict.Outcome.NOT_TESTED, causal.outcome(), causal.toString());
        Verdict twin = new Causality().check(local("causal", -1, false, AttentionMask.causal()), Props.SEED);
        assertTrue(twin.holds(), twin.toString());
        Verdict cone = LightCone.declared().check(local("blind-local", 1, true, AttentionMask.local(1)), Props.SEED);
        assertTrue(cone.fails(), cone.toString());
    }

    /** Parity: a cone that covers every bit with an output that ignores them tests nothing. */
    @Test
    void aParityModelWhoseConeCoversEveryBitButIgnoresThemIsNotTested() {
        Verdict v = new ParityNeedsTheCone().check(Rigged.maps("blind-full", 2, (seed, vn) -> new Rigged.Map(2, vn[1], -1,
                seed, List.of(AttentionMask.full()), false, null, true)), Props.SEED);
        assertEquals(Verdict.Outcome.NOT_TESTED, v.outcome(), v.toString());
    }

    /** A refinement model whose every segment runs inside noGrad. */
    private static final class Silent extends ForwardingModel {
        Silent(RefinementModel model) {
            super(model);
        }

        @Override
        public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
            return tape.noGrad(() -> model.segment(tape, carry, inputs));
        }
    }
}
