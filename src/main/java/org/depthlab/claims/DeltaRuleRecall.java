package org.depthlab.claims;

import java.util.Locale;
import org.depthlab.tensor.DeltaRule;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The delta rule with ‖k‖ = 1 and β = 1 stores and recalls an orthonormal set of keys exactly
 * (Schlag, Irie and Schmidhuber 2021, §4.2). A write W' = W + (v − W·k)·kᵀ makes W'·k = v
 * (because kᵀk = 1), and changes W·x for no x orthogonal to k (because kᵀx = 0); so after
 * writing n orthonormal keys one after the other, from any memory, every W·k_i = v_i — the
 * later writes cannot disturb the earlier ones. With keys that overlap, a later write moves the
 * answer at an earlier key by (v_j − W·k_j)·(k_jᵀ·k_i), and the earlier value is lost in part:
 * interference.
 *
 * <p>The check writes the n pairs with the project's op ({@link DeltaRule#write}, β = 1), reads
 * every key back ({@link DeltaRule#read}) and compares with the values; in real arithmetic the
 * difference is 0, in float64 it is rounding, bounded here by 1e-12 relative to the values.
 */
public final class DeltaRuleRecall implements Claim<KeySet> {

    private static final double ROUNDING = 1e-12;

    @Override
    public About about() {
        return new About("delta-rule recall",
                "Written with |k| = 1 and beta = 1, an orthonormal set of keys is recalled exactly: W k_i = v_i for"
                        + " every i, from any starting memory.",
                "orthonormal key sets", Rigor.provable(ROUNDING));
    }

    @Override
    public Verdict check(Family<KeySet> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            int width = in.length(1);
            KeySet set = family.draw(in.seed(), width, in.size(1, width));
            int n = set.size();
            int d = set.width();
            in.tried("keys", n);
            in.tried("d", d);
            in.inputs(n);
            Tape tape = new Tape();
            DMatrixRMaj recalled = tape.noGrad(() -> {
                DMatrixRMaj ones = new DMatrixRMaj(n, 1);
                ones.fill(1.0);
                Tensor w = DeltaRule.write(tape, Tensor.constant(set.start()), Tensor.constant(set.keys()),
                        Tensor.constant(set.values()), Tensor.constant(ones), n);
                return DeltaRule.read(tape, w, Tensor.constant(set.keys()), n).value();
            });
            double worst = 0;
            int at = 0;
            for (int i = 0; i < n; i++) {
                double difference = Draw.rowDifference(recalled, set.values(), i);
                if (difference > worst) {
                    worst = difference;
                    at = i;
                }
            }
            double scale = 0;
            for (double v : set.values().data) {
                scale = Math.max(scale, Math.abs(v));
            }
            String shown = String.format(Locale.ROOT, "%d %s in %d dimensions, written one after the other: the"
                    + " largest |W k_i - v_i| is %.1e (key %d)", n, n == 1 ? "key" : "keys", d, worst, at + 1);
            if (worst > ROUNDING * Math.max(1, scale)) {
                return Trial.failed(n, shown + ", not rounding: a later write disturbed an earlier value");
            }
            return Trial.held(shown);
        });
    }
}
