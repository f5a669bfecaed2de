package org.depthlab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Causality (book/references.md, [Transformer]: the causal mask): a causal decoder's output at position t
 * ignores every position after t. With the causal mask the attention weight of a later key is
 * exp(−∞) = 0 exactly, and every other op works row by row, so the outputs at 0 … t are the
 * same <em>to the bit</em> whatever stands after t.
 *
 * <p>The check draws a model at lengths up to the family's bound and tries pairs of inputs
 * that differ only after some t, comparing outputs 0 … t bit for bit. Structured pairs come
 * before random ones, so that a leak keyed to one token is not left to chance: in the first
 * instance, every value of the vocabulary written over the tail after t = 0, the middle and
 * n − 2; in every instance, the extreme ids, repeated tokens, and the boundaries (only the
 * last token changed, everything but the first changed). A failure is narrowed exhaustively ({@link Narrowing}) to
 * a smallest set of changed tokens — one, when one suffices — and printed with both token
 * sequences and the seed that draws the instance again.
 */
public final class Causality implements Claim<SequenceMap> {

    private static final int RANDOM_PAIRS = 4;

    @Override
    public About about() {
        return new About("causality",
                "The output at position t ignores every token after t: changing any of them leaves the outputs"
                        + " at 0..t the same, bit for bit.",
                "causal sequence models (an autoregressive decoder read over its whole stream)",
                Rigor.exact());
    }

    /** Two inputs that differ only after {@code t}. */
    private record Pair(int[] base, int[] changed, int t) {
    }

    @Override
    public Verdict check(Family<SequenceMap> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            SplittableRandom rng = in.rng();
            SequenceMap map = family.draw(in.seed(), 3 + rng.nextInt(4), in.length(2));
            int n = map.length();
            int vocab = map.vocab();
            in.tried("n", n);
            if (n < 2 || vocab < 2) {
                return Trial.untested("n = " + n + ", vocabulary " + vocab + ": no later token to change");
            }
            List<Pair> pairs = pairs(n, vocab, in.first(), rng);
            int moved = 0;
            DMatrixRMaj baseOut = null;
            int[] lastBase = null;
            for (Pair pair : pairs) {
                in.inputs(1);
                if (pair.base() != lastBase) {
                    baseOut = Draw.outputs(map, pair.base());
                    lastBase = pair.base();
                }
                DMatrixRMaj after = Draw.outputs(map, pair.changed());
                for (int i = 0; i <= pair.t(); i++) {
                    if (!Draw.sameRow(baseOut, after, i)) {
                        return counterexample(map, pair, baseOut);
                    }
                }
                if (Draw.anyRowDiffers(baseOut, after)) {
                    moved++;
                }
            }
            if (moved == 0) {
                return Trial.untested("n = " + n + ": no change of the tokens changed any output (the map ignores its"
                        + " input)");
            }
            Pair first = pairs.get(0);
            return Trial.held(String.format(Locale.ROOT, "n = %d: %d pairs of inputs, each differing only after some t"
                    + " (e.g. t = %d, %d tokens changed), left outputs 0..t bit-for-bit unchanged", n, pairs.size(),
                    first.t(), n - 1 - first.t()));
        });
    }

    /** Structured pairs first (a value sweep in the first instance), then random ones. */
    private static List<Pair> pairs(int n, int vocab, boolean first, SplittableRandom rng) {
        List<Pair> pairs = new ArrayList<>();
        if (first) {
            // Every value written over the whole tail after t: t = 0, the middle, and n - 2 (the last token alone).
            for (int t : new int[] {0, (n - 2) / 2, n - 2}) {
                int[] base = Draw.tokens(n, vocab, rng);
                for (int v : Draw.values(vocab)) {
                    add(pairs, base, tail(base, t, v));
                }
            }
        }
        int[] base = Draw.tokens(n, vocab, rng);
        for (int v : Draw.extremes(vocab)) {
            add(pairs, base, tail(base, rng.nextInt(n - 1), v));
        }
        // Repeated tokens: a sequence of one token, its tail replaced by another one repeated.
        int u = rng.nextBoolean() ? 0 : vocab - 1;
        int w = Draw.other(u, vocab, rng);
        int[] same = Draw.repeated(n, u);
        add(pairs, same, tail(same, rng.nextInt(n - 1), w));
        // Boundaries: only the last token changed; everything but the first changed.
        add(pairs, base, others(base, n - 2, vocab, rng));
        add(pairs, base, others(base, 0, vocab, rng));
        for (int i = 0; i < RANDOM_PAIRS; i++) {
            int[] b = Draw.tokens(n, vocab, rng);
            int t = rng.nextInt(n - 1);
            add(pairs, b, others(b, t, vocab, rng));
        }
        return pairs;
    }

    /** Adds the pair if it changes something; its t is the last position before the first change. */
    private static void add(List<Pair> pairs, int[] base, int[] changed) {
        int first = -1;
        for (int p = 0; p < base.length; p++) {
            if (base[p] != changed[p]) {
                first = p;
                break;
            }
        }
        if (first > 0) {
            pairs.add(new Pair(base, changed, first - 1));
        }
    }

    /** base with every position after t set to v. */
    private static int[] tail(int[] base, int t, int v) {
        int[] c = base.clone();
        for (int p = t + 1; p < c.length; p++) {
            c[p] = v;
        }
        return c;
    }

    /** base with every position after t changed to another token. */
    private static int[] others(int[] base, int t, int vocab, SplittableRandom rng) {
        int[] c = base.clone();
        for (int p = t + 1; p < c.length; p++) {
            c[p] = Draw.other(base[p], vocab, rng);
        }
        return c;
    }

    /** The pair narrowed to a smallest set of later tokens that changes an earlier output. */
    private static Trial counterexample(SequenceMap map, Pair pair, DMatrixRMaj baseOut) {
        int[] base = pair.base();
        Narrowing.Result r = Narrowing.narrow(base, pair.changed(), tokens -> firstLeak(map, base, baseOut, tokens) >= 0);
        int[] s = r.positions();
        DMatrixRMaj after = Draw.outputs(map, r.tokens());
        int leak = 0;
        // The changed output nearest to the changes.
        for (int i = s[0] - 1; i >= 0; i--) {
            if (!Draw.sameRow(baseOut, after, i)) {
                leak = i;
                break;
            }
        }
        int n = base.length;
        String what = s.length == 1
                ? String.format(Locale.ROOT, "changing only the token at %d (%d to %d)", s[0], base[s[0]], r.tokens()[s[0]])
                : "changing the tokens at " + positions(s) + " together";
        String minimal = s.length == 1 ? ""
                : r.complete() ? "; no one of them alone does, and none can be left unchanged (narrowed exhaustively)"
                : "; the narrowing stopped after " + r.runs() + " runs, so a smaller set may exist";
        return Trial.failed(1000L * n + 100L * s.length + (s[0] - leak), String.format(Locale.ROOT,
                "n = %d: %s changed the output at %d (by %.3g)%s; tokens %s and %s", n, what, leak,
                Draw.rowDifference(baseOut, after, leak), minimal, Draw.text(base), Draw.text(r.tokens())));
    }

    /** The first output before the first changed position that differs from the base's, or −1. */
    private static int firstLeak(SequenceMap map, int[] base, DMatrixRMaj baseOut, int[] tokens) {
        int first = 0;
        while (first < base.length && base[first] == tokens[first]) {
            first++;
        }
        DMatrixRMaj after = Draw.outputs(map, tokens);
        for (int i = 0; i < first; i++) {
            if (!Draw.sameRow(baseOut, after, i)) {
                return i;
            }
        }
        return -1;
    }

    private static String positions(int[] s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length; i++) {
            b.append(i == 0 ? "" : i == s.length - 1 ? " and " : ", ").append(s[i]);
        }
        return b.toString();
    }
}
