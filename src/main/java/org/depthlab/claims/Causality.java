package org.depthlab.claims;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Causality (proved below; [Transformer]): a causal decoder's output at position t
 * ignores every position after t. With the causal mask the attention weight of a later key is
 * exp(−∞) = 0 exactly, and every other op works row by row, so the outputs at 0 … t are the
 * same <em>to the bit</em> whatever stands after t.
 *
 * <p>The check draws a model, a sequence and a position t, replaces every token after t by
 * another one, and compares outputs 0 … t bit for bit. A failure is narrowed to one changed
 * token and the nearest earlier output it reached, e.g. "changing only the token at 4 changed
 * the output at 3".
 */
public final class Causality implements Claim<SequenceMap> {

    @Override
    public About about() {
        return new About("causality",
                "The output at position t ignores every token after t: changing all of them leaves the outputs"
                        + " at 0..t the same, bit for bit.",
                "causal sequence models (an autoregressive decoder read over its whole stream)",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<SequenceMap> family, long seed, int tries) {
        return Trial.run(seed, tries, (s, rng) -> {
            SequenceMap map = family.draw(s, 3 + rng.nextInt(4), 2 + rng.nextInt(7));
            int n = map.length();
            int vocab = map.vocab();
            int[] tokens = Draw.tokens(n, vocab, rng);
            int t = n < 2 ? 0 : rng.nextInt(n - 1);
            int[] changed = tokens.clone();
            for (int p = t + 1; p < n; p++) {
                changed[p] = Draw.other(tokens[p], vocab, rng);
            }
            DMatrixRMaj before = Draw.outputs(map, tokens);
            DMatrixRMaj after = Draw.outputs(map, changed);
            for (int i = 0; i <= t; i++) {
                if (!Draw.sameRow(before, after, i)) {
                    return smallest(map, tokens, before, rng);
                }
            }
            return Trial.held("n = " + n + ", t = " + t + ": changing the " + (n - 1 - t)
                    + " tokens after t left outputs 0.." + t + " bit-for-bit unchanged");
        });
    }

    /** One later token and the nearest earlier output it changes; {@code before} is the map's outputs for {@code tokens}. */
    private static Trial smallest(SequenceMap map, int[] tokens, DMatrixRMaj before, SplittableRandom rng) {
        int n = tokens.length;
        int bestP = -1;
        int bestI = -1;
        double bestBy = 0;
        for (int p = 1; p < n; p++) {
            int[] one = tokens.clone();
            one[p] = Draw.other(tokens[p], map.vocab(), rng);
            DMatrixRMaj after = Draw.outputs(map, one);
            for (int i = p - 1; i >= 0; i--) {
                if (!Draw.sameRow(before, after, i)) {
                    if (bestP < 0 || p - i < bestP - bestI) {
                        bestP = p;
                        bestI = i;
                        bestBy = Draw.rowDifference(before, after, i);
                    }
                    break;
                }
            }
        }
        if (bestP < 0) {
            return Trial.failed(1000L * n + n, "n = " + n + ": changing the later tokens together changed an earlier"
                    + " output, though no single one did; tokens " + Draw.text(tokens));
        }
        return Trial.failed(1000L * n + (bestP - bestI), String.format(Locale.ROOT,
                "n = %d, tokens %s: changing only the token at %d changed the output at %d (by %.3g)",
                n, Draw.text(tokens), bestP, bestI, bestBy));
    }
}
