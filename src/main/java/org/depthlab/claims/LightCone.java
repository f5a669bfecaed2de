package org.depthlab.claims;

import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * The light cone (the locality argument behind [Hahn] in book/references.md): if one layer
 * application mixes positions only within radius r (a local attention window |i − j| ≤ r, a
 * kernel of radius r) and everything else works position by position, then after k layer
 * applications the output at i depends only on inputs within k·r of i. By induction: a value at depth k is
 * computed from values at depth k − 1 within r of it. So changing a token farther than k·r
 * from i leaves the output at i the same, bit for bit (masked keys weigh exp(−∞) = 0).
 *
 * <p><b>What is measured and what is declared.</b> k is measured: the meter's mixing depth of
 * the outputs ({@link org.depthlab.tensor.Meter#mixingDepth}), the number of position-mixing
 * ops on the longest path, whether or not the model's layers announce themselves. r is
 * <em>declared</em> — the model's {@link SequenceMap#radius()}, or the radius the claim is asked
 * to assume — because one layer's reach cannot be probed from outside a whole model; the
 * verdict says so, and reports the reach it measured (the farthest distance at which a change
 * moved an output).
 *
 * <p><b>Not vacuous.</b> The claim also requires the cone to be reached: some token must change
 * some output inside it — a model blind to its input would otherwise pass any bound, and fails.
 * An instance whose cone covers every position (k·r ≥ n − 1) has nothing outside it and tests
 * nothing; a check where every instance is like that is "not tested".
 *
 * <p>The probes: every position changed to another token, to the extreme ids and, on a
 * sequence of one repeated token, to another; in the first instance also every value of the
 * vocabulary written over everything outside the cones of the first, middle and last output.
 * A change of several tokens that breaks the bound is narrowed to a smallest set
 * ({@link Narrowing}). A full-attention model checked as if it had a window r fails at once.
 *
 * <p>Consequence (see {@link ParityNeedsTheCone}): a model whose cone around an output does not
 * cover all n inputs cannot compute a function of all of them, such as their parity.
 */
public final class LightCone implements Claim<SequenceMap> {

    private final int radius;

    private LightCone(int radius) {
        this.radius = radius;
    }

    /** The claim with each model's own declared radius ({@link SequenceMap#radius()}). */
    public static LightCone declared() {
        return new LightCone(-1);
    }

    /** The claim with radius r, whatever the model says — for checking a model against a window it does not have. */
    public static LightCone withRadius(int r) {
        if (r < 0) {
            throw new IllegalArgumentException("radius must be >= 0, got " + r);
        }
        return new LightCone(r);
    }

    @Override
    public About about() {
        return new About("light cone",
                "After k layer applications (measured) that each mix positions within radius r (declared), the output"
                        + " at i is unchanged by any token farther than k*r from i (bit for bit), and some token"
                        + " within the cone changes some output.",
                "sequence models whose layers mix within radius r (local-window attention)",
                Rigor.exact());
    }

    /** What the probes of one instance found. */
    private static final class Findings {
        final int n;
        final long cone;
        final DMatrixRMaj baseOut;
        int outside;
        int reached;
        long farthest = -1;
        Trial violation;

        Findings(int n, long cone, DMatrixRMaj baseOut) {
            this.n = n;
            this.cone = cone;
            this.baseOut = baseOut;
        }
    }

    @Override
    public Verdict check(Family<SequenceMap> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            SplittableRandom rng = in.rng();
            SequenceMap map = family.draw(in.seed(), 2 + rng.nextInt(4), in.length(4));
            int r = radius >= 0 ? radius : map.radius();
            String rWord = radius >= 0 ? "assumed" : "declared";
            if (r < 0) {
                return Trial.failed(Long.MAX_VALUE, "the model declares no finite radius: nothing bounds its cone");
            }
            int n = map.length();
            int vocab = map.vocab();
            in.tried("n", n);
            int[] base = Draw.tokens(n, vocab, rng);
            Draw.Measured m = Draw.measure(map, base);
            int k = m.mixing();
            long cone = (long) k * r;
            String kr = String.format(Locale.ROOT, "k = %d (measured), r = %d (%s), n = %d", k, r, rWord, n);
            if (cone >= n - 1) {
                return Trial.untested(String.format(Locale.ROOT, "%s: the cone k*r = %d covers all %d positions", kr, cone,
                        n));
            }
            Findings f = new Findings(n, cone, m.value());
            // Every position changed alone: to a random other token, and to the extreme ids.
            for (int p = 0; p < n && f.violation == null; p++) {
                probe(map, base, single(base, p, Draw.other(base[p], vocab, rng)), f, in, kr);
                for (int v : new int[] {0, vocab - 1}) {
                    if (f.violation == null && base[p] != v) {
                        probe(map, base, single(base, p, v), f, in, kr);
                    }
                }
            }
            // A sequence of one repeated token, every position changed alone to another.
            int u = rng.nextBoolean() ? 0 : vocab - 1;
            int[] same = Draw.repeated(n, u);
            Findings g = new Findings(n, cone, Draw.outputs(map, same));
            int w = Draw.other(u, vocab, rng);
            for (int p = 0; p < n && f.violation == null && g.violation == null; p++) {
                probe(map, same, single(same, p, w), g, in, kr);
            }
            if (in.first()) {
                // Every value written over everything outside the cones of the first, middle and last
                // output: one input per value, and those three outputs must not move.
                for (int v : Draw.values(vocab)) {
                    if (f.violation != null) {
                        break;
                    }
                    int[] c = base.clone();
                    for (int p = 0; p < n; p++) {
                        if (Math.abs(p) > cone && Math.abs(p - n / 2) > cone && Math.abs(p - (n - 1)) > cone) {
                            c[p] = v;
                        }
                    }
                    probe(map, base, c, f, in, kr);
                }
            }
            Trial bad = f.violation != null ? f.violation : g.violation;
            if (bad != null) {
                return bad;
            }
            if (f.reached + g.reached == 0) {
                return Trial.failed(2_000_000_000L + n, kr + ": no token changed any output, inside the cone or out:"
                        + " the map ignores its input, so the bound says nothing about it");
            }
            return Trial.held(String.format(Locale.ROOT, "%s: %,d outputs beyond k*r = %d unchanged; %,d inside changed,"
                    + " up to distance %d (the reach measured)", kr, f.outside + g.outside, cone, f.reached + g.reached,
                    Math.max(f.farthest, g.farthest)));
        });
    }

    private static int[] single(int[] base, int p, int v) {
        int[] c = base.clone();
        c[p] = v;
        return c;
    }

    /** Runs one changed input, counts outputs inside and outside the cone, and keeps the first violation. */
    private static void probe(SequenceMap map, int[] base, int[] changed, Findings f, Instance in, String kr) {
        in.inputs(1);
        DMatrixRMaj after = Draw.outputs(map, changed);
        boolean broken = false;
        for (int i = 0; i < f.n; i++) {
            long distance = distance(base, changed, i);
            if (distance < 0) {
                continue;
            }
            boolean same = Draw.sameRow(f.baseOut, after, i);
            if (distance > f.cone) {
                f.outside++;
                broken |= !same;
            } else if (!same) {
                f.reached++;
                f.farthest = Math.max(f.farthest, distance);
            }
        }
        if (broken) {
            f.violation = counterexample(map, base, changed, f, kr);
        }
    }

    /** The distance from output i to the nearest changed position, or −1 if nothing changed. */
    private static long distance(int[] base, int[] changed, int i) {
        long nearest = -1;
        for (int p = 0; p < base.length; p++) {
            if (base[p] != changed[p]) {
                long d = Math.abs(i - p);
                nearest = nearest < 0 ? d : Math.min(nearest, d);
            }
        }
        return nearest;
    }

    /** The output beyond the cone that changed, nearest to the changes, or −1. */
    private static int escaped(SequenceMap map, int[] base, int[] tokens, Findings f) {
        DMatrixRMaj after = Draw.outputs(map, tokens);
        int best = -1;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < f.n; i++) {
            long d = distance(base, tokens, i);
            if (d > f.cone && !Draw.sameRow(f.baseOut, after, i) && d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        return best;
    }

    private static Trial counterexample(SequenceMap map, int[] base, int[] changed, Findings f, String kr) {
        Narrowing.Result r = Narrowing.narrow(base, changed, tokens -> escaped(map, base, tokens, f) >= 0);
        int i = escaped(map, base, r.tokens(), f);
        int[] s = r.positions();
        long distance = distance(base, r.tokens(), i);
        DMatrixRMaj after = Draw.outputs(map, r.tokens());
        String what = s.length == 1
                ? String.format(Locale.ROOT, "the token at %d (%d to %d)", s[0], base[s[0]], r.tokens()[s[0]])
                : s.length + " tokens changed together, the nearest " + distance + " away" + (r.complete()
                        ? " (no one of them alone does it, and none can be left unchanged: narrowed exhaustively)"
                        : " (the narrowing stopped after " + r.runs() + " runs; a smaller set may exist)");
        return Trial.failed(1_000_000L * f.n + 1000L * s.length + distance, String.format(Locale.ROOT,
                "%s: %s changed the output at %d (distance %d > k*r = %d) by %.3g; tokens %s and %s", kr, what, i,
                distance, f.cone, Draw.rowDifference(f.baseOut, after, i), Draw.text(base), Draw.text(r.tokens())));
    }
}
