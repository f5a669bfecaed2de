package org.depthlab.claims;

import java.util.Locale;
import org.depthlab.tensor.Tensor;

/**
 * The constructive half of "parity and depth": a model computes the parity of its n input
 * bits at its last position — read as a bit, output ≥ ½ — on every input. For n ≤ 10 the
 * check tries all 2ⁿ inputs, for longer ones 64 random ones; the {@link ParityNet} passes
 * with n steps, and the same net with fewer steps than it needs fails.
 */
public final class ComputesParity implements Claim<SequenceMap> {

    private static final int EXHAUSTIVE_UP_TO = 10;
    private static final int RANDOM_INPUTS = 64;

    @Override
    public About about() {
        return new About("computes parity",
                "The output at the last position, read as a bit (>= 1/2), is the parity of all n input bits,"
                        + " for every input.",
                "sequence models on bits that claim to compute parity",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<SequenceMap> family, long seed, int tries) {
        return Trial.run(seed, tries, (s, rng) -> {
            SequenceMap map = family.draw(s, 2, 2 + rng.nextInt(15));
            int n = map.length();
            boolean exhaustive = n <= EXHAUSTIVE_UP_TO;
            int inputs = exhaustive ? 1 << n : RANDOM_INPUTS;
            int depth = 0;
            for (int c = 0; c < inputs; c++) {
                int[] bits = new int[n];
                for (int i = 0; i < n; i++) {
                    bits[i] = exhaustive ? (c >> (n - 1 - i)) & 1 : rng.nextInt(2);
                }
                Tensor out = Draw.apply(map, bits);
                depth = out.layerDepth();
                int answer = out.get(n - 1, 0) >= 0.5 ? 1 : 0;
                if (answer != ParityNet.parity(bits)) {
                    return Trial.failed((long) n << 20 | c, String.format(Locale.ROOT, "n = %d, k = %d: bits %s give %d, parity %d",
                            n, depth, Draw.bits(bits), answer, ParityNet.parity(bits)));
                }
            }
            return Trial.held(String.format(Locale.ROOT, "n = %d: %s %d inputs right, in k = %d layer applications",
                    n, exhaustive ? "all" : "random", inputs, depth));
        });
    }
}
