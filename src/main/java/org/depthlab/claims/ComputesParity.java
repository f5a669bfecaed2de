package org.depthlab.claims;

import java.util.Locale;

/**
 * The constructive half of "parity and depth": a model computes the parity of its n input
 * bits at its last position — read as a bit, output ≥ ½ — on every input. Up to n = 10 the
 * check tries all 2ⁿ inputs; for longer ones, structured inputs (all zeros, all ones, one bit
 * set at either end, alternating) and then 64 random ones. The {@link ParityNet} passes with n
 * steps, and the same net with fewer steps than it needs fails. k is the measured mixing depth.
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
        return Trial.run(seed, tries, family.scale(), in -> {
            SequenceMap map = family.draw(in.seed(), 2, in.length(2));
            int n = map.length();
            in.tried("n", n);
            boolean exhaustive = n <= EXHAUSTIVE_UP_TO;
            int[][] structured = structured(n);
            int inputs = exhaustive ? 1 << n : structured.length + RANDOM_INPUTS;
            int depth = 0;
            for (int c = 0; c < inputs; c++) {
                int[] bits = new int[n];
                if (exhaustive) {
                    for (int i = 0; i < n; i++) {
                        bits[i] = (c >> (n - 1 - i)) & 1;
                    }
                } else if (c < structured.length) {
                    bits = structured[c];
                } else {
                    bits = Draw.tokens(n, 2, in.rng());
                }
                in.inputs(1);
                Draw.Measured out = Draw.measure(map, bits);
                depth = out.mixing();
                int answer = out.value().get(n - 1, 0) >= 0.5 ? 1 : 0;
                if (answer != ParityNet.parity(bits)) {
                    return Trial.failed((long) n << 20 | c, String.format(Locale.ROOT, "n = %d, k = %d: bits %s give %d, parity %d",
                            n, depth, Draw.bits(bits), answer, ParityNet.parity(bits)));
                }
            }
            return Trial.held(String.format(Locale.ROOT, "n = %d: %s %d inputs right, in k = %d mixing steps",
                    n, exhaustive ? "all" : "structured and random", inputs, depth));
        });
    }

    private static int[][] structured(int n) {
        int[] first = new int[n];
        int[] last = new int[n];
        int[] alternating = new int[n];
        first[0] = 1;
        last[n - 1] = 1;
        for (int i = 0; i < n; i++) {
            alternating[i] = i % 2;
        }
        return new int[][] {Draw.repeated(n, 0), Draw.repeated(n, 1), first, last, alternating};
    }
}
