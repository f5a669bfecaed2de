package org.depthlab.claims;

import java.util.Locale;
import org.depthlab.models.Carry;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tensor.Tape;
import org.depthlab.train.PonderWeights;

/**
 * ACT ([ACT], Graves 2016): the ponder weights of a halting
 * model sum to one, and the ponder-weighted output lies in the convex hull of the per-step
 * outputs. Here the steps are a model's supervision segments, h_t = σ(q_halt) its halting
 * head's probability after segment t, the states its logits ({@link PonderWeights}).
 *
 * <p>Both are theorems about real numbers checked in float64: the weights' sum to 1e-12, and
 * every entry of the mixed output between the smallest and largest of that entry over the
 * steps (a necessary condition of lying in the hull, checked coordinate by coordinate) to
 * 1e-12 of the entry's scale.
 */
public final class ActWeights implements Claim<RefinementModel> {

    private static final double ROUNDING = 1e-12;

    @Override
    public About about() {
        return new About("ACT weights",
                "The ponder weights are >= 0 and sum to one, and the weighted output lies in the convex hull of"
                        + " the per-segment outputs (entry by entry between their min and max).",
                "refinement models with a halting head (HRM, TRM), h_t = sigmoid(q_halt)",
                Rigor.provable(ROUNDING));
    }

    @Override
    public Verdict check(Family<RefinementModel> family, long seed, int tries) {
        return Trial.run(seed, tries, (s, rng) -> {
            RefinementModel model = family.draw(s, 3 + rng.nextInt(4), 1 + rng.nextInt(4));
            if (!model.halts()) {
                return Trial.failed(Long.MAX_VALUE, "the model has no halting head");
            }
            int segments = 1 + rng.nextInt(8);
            int[] inputs = Draw.tokens(model.seqLen(), model.vocab(), rng);
            double[] halting = new double[segments];
            double[][] states = new double[segments][];
            Tape tape = new Tape();
            Carry carry = model.initialCarry(1);
            for (int t = 0; t < segments; t++) {
                Carry from = carry;
                SegmentOutput out = tape.noGrad(() -> model.segment(tape, from, inputs));
                halting[t] = 1 / (1 + Math.exp(-out.qHalt().get(0, 0)));
                states[t] = out.logits().value().data.clone();
                carry = out.carry();
            }
            double[] p = PonderWeights.of(halting, 0.01);
            double sum = 0;
            for (double w : p) {
                if (w < 0) {
                    return Trial.failed(segments, "a negative weight " + w + " among " + java.util.Arrays.toString(p));
                }
                sum += w;
            }
            if (Math.abs(sum - 1) > ROUNDING) {
                return Trial.failed(segments, String.format(Locale.ROOT, "%d segments, h = %s: the weights sum to %.17g",
                        segments, numbers(halting), sum));
            }
            double[] y = PonderWeights.mix(p, states);
            for (int i = 0; i < y.length; i++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < p.length; t++) {
                    lo = Math.min(lo, states[t][i]);
                    hi = Math.max(hi, states[t][i]);
                }
                double slack = ROUNDING * Math.max(1, Math.max(Math.abs(lo), Math.abs(hi)));
                if (y[i] < lo - slack || y[i] > hi + slack) {
                    return Trial.failed(segments, String.format(Locale.ROOT, "%d segments: output entry %d is %.17g, outside"
                            + " [%.17g, %.17g]", segments, i, y[i], lo, hi));
                }
            }
            return Trial.held(String.format(Locale.ROOT, "%d segments, halted after %d (h = %s): weights sum to 1 within %.1e,"
                    + " %d output entries inside the hull", segments, p.length, numbers(halting), Math.abs(sum - 1),
                    y.length));
        });
    }

    private static String numbers(double[] values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", values[i]));
        }
        return b.toString();
    }
}
