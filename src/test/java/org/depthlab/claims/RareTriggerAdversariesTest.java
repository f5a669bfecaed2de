package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.models.RefinementModel;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, class 4: violations keyed to rare inputs — one token id of a thousand, the extreme
 * id, a run of repeated tokens, the last position — which uniform random tokens would need
 * hundreds of tries to hit. The claims try structured inputs before random ones (every value of
 * the vocabulary in the first instance, the extreme ids, repeated tokens, the boundaries) and
 * report how many inputs they tried. Default settings.
 */
class RareTriggerAdversariesTest {

    private static final int VOCAB = 1000;

    private static Family<SequenceMap> causal(String name, Rigged.Extra extra) {
        return Rigged.maps(name, VOCAB, (seed, vn) -> new Rigged.Map(VOCAB, vn[1], -1, seed,
                List.of(AttentionMask.causal()), false, extra, false));
    }

    /**
     * Output 0 moves when the token at position 1 is 537 (of 1,000): one random input in a
     * thousand shows it. The twin's output 1 reads its own token.
     */
    @Test
    void aLeakKeyedToOneTokenOfAThousandIsCaught() {
        Verdict cheat = new Causality().check(causal("leak-on-537", (tokens, vocab) -> tokens.length > 1 && tokens[1] == 537
                ? Rigged.bump(tokens.length, 0, 1.0) : null), Props.SEED);
        assertTrue(cheat.fails(), cheat.toString());
        assertTrue(cheat.evidence().contains("to 537)"), cheat.evidence());
        Verdict twin = new Causality().check(causal("own-537", (tokens, vocab) -> tokens.length > 1 && tokens[1] == 537
                ? Rigged.bump(tokens.length, 1, 1.0) : null), Props.SEED);
        assertTrue(twin.holds(), twin.toString());
        assertTrue(twin.inputs() > 3 * VOCAB, "every value swept: " + twin.inputs() + " inputs");
    }

    /** A local model that also counts the far tokens equal to the last id; the twin counts only near ones. */
    @Test
    void aGlobalTermKeyedToTheExtremeIdIsCaught() {
        Verdict cheat = LightCone.declared().check(extremes("far-extreme-id", Integer.MAX_VALUE), Props.SEED);
        assertTrue(cheat.fails(), cheat.toString());
        Verdict twin = LightCone.declared().check(extremes("near-extreme-id", 1), Props.SEED);
        assertTrue(twin.holds(), twin.toString());
    }

    private static Family<SequenceMap> extremes(String name, int reach) {
        return Rigged.maps(name, VOCAB, (seed, vn) -> new Rigged.Map(VOCAB, vn[1], 1, seed,
                List.of(AttentionMask.local(1)), false, (tokens, vocab) -> {
                    DMatrixRMaj m = new DMatrixRMaj(tokens.length, Rigged.HIDDEN);
                    for (int i = 0; i < tokens.length; i++) {
                        for (int p = 0; p < tokens.length; p++) {
                            int d = Math.abs(i - p);
                            boolean counted = reach == Integer.MAX_VALUE ? d > 1 : d <= reach;
                            if (counted && tokens[p] == vocab - 1) {
                                m.add(i, 2, 1.0);
                            }
                        }
                    }
                    return m;
                }, false));
    }

    /** Output t reads the next three tokens when they are one token repeated; the twin reads the three up to t. */
    @Test
    void aLeakKeyedToRepeatedTokensIsCaught() {
        Verdict cheat = new Causality().check(causal("leak-on-repeats", (tokens, vocab) -> {
            DMatrixRMaj m = new DMatrixRMaj(tokens.length, Rigged.HIDDEN);
            for (int t = 0; t + 3 < tokens.length; t++) {
                if (tokens[t + 1] == tokens[t + 2] && tokens[t + 2] == tokens[t + 3]) {
                    m.set(t, 3, tokens[t + 1]);
                }
            }
            return m;
        }), Props.SEED);
        assertTrue(cheat.fails(), cheat.toString());
        Verdict twin = new Causality().check(causal("own-repeats", (tokens, vocab) -> {
            DMatrixRMaj m = new DMatrixRMaj(tokens.length, Rigged.HIDDEN);
            for (int t = 2; t < tokens.length; t++) {
                if (tokens[t] == tokens[t - 1] && tokens[t - 1] == tokens[t - 2]) {
                    m.set(t, 3, tokens[t]);
                }
            }
            return m;
        }), Props.SEED);
        assertTrue(twin.holds(), twin.toString());
    }

    /** Only the second-to-last output reads the last token. */
    @Test
    void aLeakFromTheLastPositionOnlyIsCaught() {
        Verdict cheat = new Causality().check(causal("leak-from-last", (tokens, vocab) -> {
            DMatrixRMaj m = new DMatrixRMaj(tokens.length, Rigged.HIDDEN);
            if (tokens.length >= 2) {
                m.set(tokens.length - 2, 4, tokens[tokens.length - 1]);
            }
            return m;
        }), Props.SEED);
        assertTrue(cheat.fails(), cheat.toString());
    }

    /** One more layer when the first token is 777 (of 1,000); the twin never adds one. */
    @Test
    void depthKeyedToOneTokenIsCaught() {
        Family<RefinementModel> cheat = new Family<>("deeper-on-777", (seed, vocab, length) -> Rigged.Refiner.honest(VOCAB,
                length, seed, 1 + new SplittableRandom(seed).nextInt(3)).deeperOn(777).build());
        Verdict v = SegmentDepth.declared().check(cheat, Props.SEED);
        assertTrue(v.fails(), v.toString());
        assertTrue(v.evidence().contains("tokens 777"), v.evidence());
        Family<RefinementModel> twin = new Family<>("honest-1000", (seed, vocab, length) -> Rigged.Refiner.honest(VOCAB,
                length, seed, 1 + new SplittableRandom(seed).nextInt(3)).build());
        Verdict honest = SegmentDepth.declared().check(twin, Props.SEED);
        assertTrue(honest.holds(), honest.toString());
        assertTrue(honest.inputs() > VOCAB, honest.inputs() + " inputs");
    }
}
