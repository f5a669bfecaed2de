package org.depthlab.claims;

import java.util.Locale;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The impossibility half of "parity and depth" (the light cone, proved below): a model whose light
 * cone at the last position is shorter than the input — k·r &lt; n − 1 after k layer
 * applications of radius r — cannot compute the parity of n bits there. Bit 0 lies outside
 * the cone, so flipping it cannot change the output (the {@link LightCone} claim), but it
 * always flips the parity; the model gives the same answer to two inputs of different parity
 * and is wrong on one of them, whatever read-out sits on top.
 *
 * <p>The check exhibits that pair for each drawn model: random bits, bit 0 flipped, the output
 * at n − 1 compared bit for bit. A model whose cone covers every bit is outside the class and
 * the claim fails on it (the {@link ParityNet} with n steps is the contrast).
 *
 * <p>This is about the cone, not about transformers: softmax attention has no cone (one layer
 * reaches every position). What is known about transformers and parity: {@link ParityNet}.
 */
public final class ParityNeedsTheCone implements Claim<SequenceMap> {

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
        return Trial.run(seed, tries, (s, rng) -> {
            SequenceMap map = family.draw(s, 2, 6 + rng.nextInt(11));
            int n = map.length();
            int r = map.radius();
            int[] bits = Draw.tokens(n, 2, rng);
            int[] flipped = bits.clone();
            flipped[0] ^= 1;
            Tensor out = Draw.apply(map, bits);
            DMatrixRMaj before = out.value();
            DMatrixRMaj after = Draw.outputs(map, flipped);
            int k = out.layerDepth();
            boolean same = Draw.sameRow(before, after, n - 1);
            String pair = Draw.bits(bits) + " and " + Draw.bits(flipped);
            if (r < 0 || (long) k * r >= n - 1) {
                return Trial.failed(n, String.format(Locale.ROOT, "k = %d, r = %s, n = %d: the cone covers every bit, and flipping"
                        + " bit 0 %s the output (%s)", k, r < 0 ? "unlimited" : Integer.toString(r), n,
                        same ? "leaves" : "changes", pair));
            }
            if (!same) {
                return Trial.failed(n, String.format(Locale.ROOT, "k = %d, r = %d, n = %d: flipping bit 0, %d > k*r = %d from the"
                        + " output, changed it (%s): the light cone is broken", k, r, n, n - 1, (long) k * r, pair));
            }
            return Trial.held(String.format(Locale.ROOT, "k = %d, r = %d, n = %d: bit 0 lies %d > k*r = %d from the output;"
                    + " flipping it flips the parity, not the output (%s)", k, r, n, n - 1, (long) k * r, pair));
        });
    }
}
