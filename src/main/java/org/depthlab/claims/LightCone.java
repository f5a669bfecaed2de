package org.depthlab.claims;

import java.util.Locale;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The light cone (proved below): if one layer application mixes
 * positions only within radius r (a local attention window |i − j| ≤ r, a kernel of radius r)
 * and everything else works position by position, then after k layer applications the
 * output at i depends only on inputs within k·r of i. By induction: a value at depth k is
 * computed from values at depth k − 1 within r of it. So changing a token farther than k·r
 * from i leaves the output at i the same, bit for bit (masked keys weigh exp(−∞) = 0).
 *
 * <p>The check reads k from the outputs themselves ({@link Tensor#layerDepth()}: the meter's
 * count of layer applications on the longest path), changes each token in turn, and compares
 * every output beyond the cone. It also counts the changed outputs <em>inside</em> the cone,
 * to show the bound is reached and not vacuous. A full-attention model checked as if it had
 * a window r fails at once: one layer lets every token reach every output.
 *
 * <p>Consequence (see {@link ParityNeedsTheCone}): a model whose cone around an output does not
 * cover all n inputs cannot compute a function of all of them, such as their parity.
 */
public final class LightCone implements Claim<SequenceMap> {

    private final int radius;

    private LightCone(int radius) {
        this.radius = radius;
    }

    /** The claim with each model's own radius ({@link SequenceMap#radius()}). */
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
                "After k layer applications that each mix positions within radius r, the output at i is unchanged"
                        + " by any token farther than k*r from i (bit for bit).",
                "sequence models whose layers mix within radius r (local-window attention)",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<SequenceMap> family, long seed, int tries) {
        return Trial.run(seed, tries, (s, rng) -> {
            SequenceMap map = family.draw(s, 2 + rng.nextInt(4), 4 + rng.nextInt(9));
            int r = radius >= 0 ? radius : map.radius();
            if (r < 0) {
                return Trial.failed(Long.MAX_VALUE, "the model declares no finite radius: nothing bounds its cone");
            }
            int n = map.length();
            int[] tokens = Draw.tokens(n, map.vocab(), rng);
            Tensor out = Draw.apply(map, tokens);
            DMatrixRMaj before = out.value();
            int k = out.layerDepth();
            long cone = (long) k * r;
            int outside = 0;
            int reached = 0;
            long farthest = -1;
            int badP = -1;
            int badI = -1;
            double badBy = 0;
            for (int p = 0; p < n; p++) {
                int[] changed = tokens.clone();
                changed[p] = Draw.other(tokens[p], map.vocab(), rng);
                DMatrixRMaj after = Draw.outputs(map, changed);
                for (int i = 0; i < n; i++) {
                    int distance = Math.abs(i - p);
                    boolean same = Draw.sameRow(before, after, i);
                    if (distance > cone) {
                        outside++;
                        if (!same && (badP < 0 || distance < Math.abs(badI - badP))) {
                            badP = p;
                            badI = i;
                            badBy = Draw.rowDifference(before, after, i);
                        }
                    } else if (!same) {
                        reached++;
                        farthest = Math.max(farthest, distance);
                    }
                }
            }
            if (badP >= 0) {
                int distance = Math.abs(badI - badP);
                return Trial.failed(1_000_000L * k + 1000L * n + distance, String.format(Locale.ROOT,
                        "k = %d, r = %d, n = %d: the token at %d changed the output at %d (distance %d > k*r = %d)"
                                + " by %.3g", k, r, n, badP, badI, distance, cone, badBy));
            }
            return Trial.held(String.format(Locale.ROOT, "k = %d, r = %d, n = %d: %d outputs beyond k*r = %d unchanged;"
                    + " %d inside changed, up to distance %d", k, r, n, outside, cone, reached, farthest));
        });
    }
}
