package org.depthlab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The impossibility half of "parity and depth" (book/references.md, [Hahn], [FSS]): a model whose light
 * cone at the last position is shorter than the input — k·r &lt; n − 1 after k layer
 * applications of radius r — cannot compute the parity of n bits there. Bit 0 lies outside
 * the cone, so flipping it cannot change the output (the {@link LightCone} claim), but it
 * always flips the parity; the model gives the same answer to two inputs of different parity
 * and is wrong on one of them, whatever read-out sits on top.
 *
 * <p>The check exhibits such pairs for each drawn model — bit 0 flipped in structured inputs
 * (all zeros, all ones, alternating) and random ones — and compares the outputs at n − 1 bit
 * for bit. The verdict rests on that comparison, never on the cone alone: where the cone is
 * short and the output moves, the light cone is broken; where the cone covers every bit and
 * the output moves with bit 0 (the {@link ParityNet} with n steps, the contrast), the outputs
 * show that the model tells the two parities apart and the impossibility does not hold for it.
 * An instance whose cone covers every bit but whose output does not move tests nothing.
 * k is measured (mixing depth), r declared ({@link SequenceMap#radius()}).
 *
 * <p>This is about the cone, not about transformers: softmax attention has no cone (one layer
 * reaches every position) and PARITY is in TC0; see {@link ParityNet}.
 */
public final class ParityNeedsTheCone implements Claim<SequenceMap> {

    private static final int RANDOM_INPUTS = 4;

    @Override
    public About about() {
        return new About("parity needs the cone",
                "If k*r < n - 1 after k layer applications of radius r, flipping bit 0 (outside the cone of the last"
                        + " position) flips the parity but not the output: no such model computes parity.",
                "sequence models on n bits whose cone at the last position is shorter than n - 1",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<SequenceMap> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            SplittableRandom rng = in.rng();
            SequenceMap map = family.draw(in.seed(), 2, in.length(6));
            int n = map.length();
            int r = map.radius();
            in.tried("n", n);
            int k = 0;
            String same = null;
            for (int[] bits : inputs(n, rng)) {
                in.inputs(1);
                int[] flipped = bits.clone();
                flipped[0] ^= 1;
                Draw.Measured before = Draw.measure(map, bits);
                Draw.Measured after = Draw.measure(map, flipped);
                k = Math.max(k, Math.max(before.mixing(), after.mixing()));
                boolean covers = r < 0 || (long) k * r >= n - 1;
                String kr = String.format(Locale.ROOT, "k = %d, r = %s, n = %d", k, r < 0 ? "unlimited" : Integer.toString(r),
                        n);
                String pair = Draw.bits(bits) + " and " + Draw.bits(flipped);
                if (!Draw.sameRow(before.value(), after.value(), n - 1)) {
                    return Trial.failed(n, covers
                            ? String.format(Locale.ROOT, "%s: flipping bit 0 changed the output (%s), so the model can"
                                    + " tell the two parities apart; its cone covers every bit (k*r >= %d)", kr, pair, n - 1)
                            : String.format(Locale.ROOT, "%s: flipping bit 0, %d > k*r = %d from the output, changed it"
                                    + " (%s): the light cone is broken", kr, n - 1, (long) k * r, pair));
                }
                if (same == null) {
                    same = pair;
                }
            }
            boolean covers = r < 0 || (long) k * r >= n - 1;
            if (covers) {
                return Trial.untested(String.format(Locale.ROOT, "k = %d, r = %s, n = %d: the cone covers every bit", k,
                        r < 0 ? "unlimited" : Integer.toString(r), n));
            }
            return Trial.held(String.format(Locale.ROOT, "k = %d, r = %d, n = %d: bit 0 lies %d > k*r = %d from the output;"
                    + " flipping it flips the parity, not the output (e.g. %s)", k, r, n, n - 1, (long) k * r, same));
        });
    }

    /** All zeros, all ones, the two alternations, then random bits. */
    private static List<int[]> inputs(int n, SplittableRandom rng) {
        List<int[]> all = new ArrayList<>();
        all.add(Draw.repeated(n, 0));
        all.add(Draw.repeated(n, 1));
        int[] odd = new int[n];
        int[] even = new int[n];
        for (int i = 0; i < n; i++) {
            odd[i] = i % 2;
            even[i] = 1 - i % 2;
        }
        all.add(odd);
        all.add(even);
        for (int i = 0; i < RANDOM_INPUTS; i++) {
            all.add(Draw.tokens(n, 2, rng));
        }
        return all;
    }
}
