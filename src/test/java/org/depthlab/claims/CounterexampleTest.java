package org.depthlab.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, class 5: a counterexample must be true and reproducible. Each one printed here is
 * replayed: its two token sequences are run through the model again, the output it names must
 * differ, and — where it says no smaller change does — undoing any one change must make the
 * difference go away. The seed and instance it names draw the same verdict again.
 */
class CounterexampleTest {

    private static final Pattern TOKENS = Pattern.compile("tokens ([0-9 ]+) and ([0-9 ]+) \\(seed (-?\\d+), instance");
    private static final Pattern OUTPUT = Pattern.compile("changed the output at (\\d+)");

    private static Family<SequenceMap> causal(String name, int vocab, Rigged.Extra extra) {
        return Rigged.maps(name, vocab, (seed, vn) -> new Rigged.Map(vocab, vn[1], -1, seed,
                List.of(AttentionMask.causal()), false, extra, false));
    }

    private static int[] parse(String text) {
        return Arrays.stream(text.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    /** The counterexample in {@code v}, replayed on a map of {@code family} drawn again: the named output differs. */
    private static int[][] replay(Verdict v, SequenceMap map) {
        Matcher t = TOKENS.matcher(v.evidence());
        Matcher o = OUTPUT.matcher(v.evidence());
        assertTrue(t.find() && o.find(), v.evidence());
        int[] a = parse(t.group(1));
        int[] b = parse(t.group(2));
        int out = Integer.parseInt(o.group(1));
        assertFalse(Draw.sameRow(Draw.outputs(map, a), Draw.outputs(map, b), out), "the named output differs: " + v);
        return new int[][] {a, b, {out}};
    }

    /** Undoing any one of the changes from a to b leaves output {@code out} as it is for a. */
    private static void assertMinimal(SequenceMap map, int[] a, int[] b, int out) {
        DMatrixRMaj base = Draw.outputs(map, a);
        for (int p = 0; p < a.length; p++) {
            if (a[p] != b[p]) {
                int[] undone = b.clone();
                undone[p] = a[p];
                assertTrue(Draw.sameRow(base, Draw.outputs(map, undone), out), "undoing the change at " + p);
            }
        }
    }

    private static SequenceMap drawn(Family<SequenceMap> family, int vocab, int length) {
        // The maps here depend on the seed only through their weights; any seed shows the term.
        return family.draw(Props.SEED, vocab, length);
    }

    /** Output 0 moves only when the tokens at 3 and 5 are both 7: no single change shows it, the pair does. */
    @Test
    void aLeakThatNeedsTwoTokensIsNarrowedToThePair() {
        Family<SequenceMap> pair = causal("pair-leak", 12, (tokens, vocab) -> tokens.length > 5 && tokens[3] == 7
                && tokens[5] == 7 ? Rigged.bump(tokens.length, 0, 1.0) : null);
        Verdict v = new Causality().check(pair, Props.SEED);
        assertTrue(v.fails(), v.toString());
        int n = parse(TOKENS.matcher(v.evidence()).results().findFirst().orElseThrow().group(1)).length;
        SequenceMap map = drawn(pair, 12, n);
        int[][] r = replay(v, map);
        assertMinimal(map, r[0], r[1], r[2][0]);
        List<Integer> changed = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            if (r[0][p] != r[1][p]) {
                changed.add(p);
            }
        }
        assertTrue(changed.equals(List.of(3, 5)) || changed.equals(List.of(3)) || changed.equals(List.of(5)), "" + changed);
        if (changed.size() == 2) {
            assertTrue(v.evidence().contains("no one of them alone does"), v.evidence());
        }
    }

    /** Output 0 moves when the token at 4 is 9: one change of the right value shows it, and the verdict says so. */
    @Test
    void aLeakKeyedToOneValueIsNarrowedToOnePosition() {
        Family<SequenceMap> keyed = causal("value-leak", 12, (tokens, vocab) -> tokens.length > 4 && tokens[4] == 9
                ? Rigged.bump(tokens.length, 0, 1.0) : null);
        Verdict v = new Causality().check(keyed, Props.SEED);
        assertTrue(v.fails(), v.toString());
        assertTrue(v.evidence().contains("changing only the token at 4 ") && v.evidence().contains(" to 9)"), v.evidence());
        int n = parse(TOKENS.matcher(v.evidence()).results().findFirst().orElseThrow().group(1)).length;
        SequenceMap map = drawn(keyed, 12, n);
        int[][] r = replay(v, map);
        assertMinimal(map, r[0], r[1], r[2][0]);
    }

    /** A light-cone counterexample is replayed the same way. */
    @Test
    void aLightConeCounterexampleIsTrue() {
        Family<SequenceMap> far = Rigged.maps("reads-5-ahead", 6, (seed, vn) -> new Rigged.Map(6, vn[1], 1, seed,
                List.of(AttentionMask.local(1)), false, (tokens, vocab) -> {
                    DMatrixRMaj m = new DMatrixRMaj(tokens.length, Rigged.HIDDEN);
                    for (int i = 0; i + 5 < tokens.length; i++) {
                        m.set(i, 0, tokens[i + 5]);
                    }
                    return m;
                }, false));
        Verdict v = LightCone.declared().check(far, Props.SEED);
        assertTrue(v.fails(), v.toString());
        int n = parse(TOKENS.matcher(v.evidence()).results().findFirst().orElseThrow().group(1)).length;
        SequenceMap map = drawn(far, 6, n);
        int[][] r = replay(v, map);
        assertMinimal(map, r[0], r[1], r[2][0]);
    }

    /** The same seed draws the same verdict, and the counterexample names the seed and the instance. */
    @Test
    void theSeedAndInstanceReproduceTheCounterexample() {
        Verdict first = new Causality().check(Families.fullAttention(), Props.SEED);
        Verdict again = new Causality().check(Families.fullAttention(), Props.SEED);
        assertEquals(first, again);
        assertTrue(first.evidence().matches(".*\\(seed " + Props.SEED + ", instance \\d+ of 10\\)$"), first.evidence());
    }
}
