package org.depthlab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.models.Carry;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tensor.Tape;
import org.depthlab.train.Halting;

/**
 * ACT halting as HRM and TRM train it ([HRM], [TRM] in book/references.md; Wang et al. 2025, §3.3; the rule in
 * {@link Halting}), two exact statements about a {@link HaltingRule} fed by a real model's
 * halting head:
 * <ol>
 *   <li><b>halting in training</b> — with no exploration, a sequence halts after a segment
 *       exactly when it has reached the maximum, or when q_halt &gt; q_continue (HRM) or
 *       q_halt &gt; 0 (TRM, no continue head); strictly: a tie continues;</li>
 *   <li><b>exploration minimum</b> — the minimum drawn for a segment is 0 or lies in 2..max;
 *       with probability 0 it is always 0, with probability 1 never; and a sequence halts
 *       exactly when it has reached the maximum, or when its head says so and it has run at
 *       least the minimum — never before it.</li>
 * </ol>
 * Evaluation runs every segment; that is {@link EvaluationSegments}.
 *
 * <p>The logits come from the model's own segments, and from structured probes before them:
 * ties, a logit just above or below the other (one ulp), q_halt = ±0 for TRM, large logits,
 * at the first segment, the second, the one before the maximum and the maximum. The maximum
 * ranges up to the family's bound on steps (16 by default, HRM's). Contrasts: a rule that halts
 * on a tie, one that ignores the maximum, one that ignores the exploration minimum.
 */
public final class Halts implements Claim<HaltingRule.Subject> {

    private static final int DRAWS_PER_DECISION = 4;

    private final boolean exploring;

    private Halts(boolean exploring) {
        this.exploring = exploring;
    }

    /** With no exploration, halting exactly at the maximum or when the head says so. */
    public static Halts inTraining() {
        return new Halts(false);
    }

    /** The exploration minimum: its range, its probability at 0 and 1, and no halt before it. */
    public static Halts explorationMinimum() {
        return new Halts(true);
    }

    @Override
    public About about() {
        return exploring
                ? new About("exploration minimum",
                        "The exploration minimum is 0 or lies in 2..max (always 0 at probability 0, never at 1), and a"
                                + " sequence halts exactly at the maximum or when its head says so at or after the minimum.",
                        "ACT halting rules with exploration (HRM, TRM training)", Rigor.exact())
                : new About("halting in training",
                        "Without exploration a sequence halts exactly when it reaches the maximum or when q_halt >"
                                + " q_continue (q_halt > 0 without a continue head); a tie continues.",
                        "ACT halting rules of models with a Q head (HRM, TRM training)", Rigor.exact());
    }

    /** One decision's input. */
    private record Probe(int steps, double qHalt, double qContinue) {
        boolean headSays() {
            return Double.isNaN(qContinue) ? qHalt > 0 : qHalt > qContinue;
        }

        String show(int max) {
            return String.format(Locale.ROOT, "max %d, after segment %d: q_halt = %s%s", max, steps, Double.toString(qHalt),
                    Double.isNaN(qContinue) ? " (no continue head)" : ", q_continue = " + qContinue);
        }
    }

    @Override
    public Verdict check(Family<HaltingRule.Subject> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            SplittableRandom rng = in.rng();
            HaltingRule.Subject subject = family.draw(in.seed(), 3 + rng.nextInt(4), in.logUniform(1, 8));
            RefinementModel model = subject.model();
            if (!model.halts()) {
                return Trial.failed(Long.MAX_VALUE, "the model has no halting head");
            }
            int max = in.steps(exploring ? 2 : 1);
            in.tried("max segments", max);
            List<Probe> probes = probes(model, max, rng);
            int byHead = 0;
            int byMax = 0;
            int continued = 0;
            int minimums = 0;
            double[] probabilities = exploring ? new double[] {0, 1, rng.nextDouble(0.2, 0.8)} : new double[] {0};
            for (double p : probabilities) {
                for (Probe q : probes) {
                    for (int draw = 0; draw < (exploring ? DRAWS_PER_DECISION : 1); draw++) {
                        in.inputs(1);
                        Halting.Decision d = subject.rule().decide(q.steps(), q.qHalt(), q.qContinue(), max, p, rng);
                        String where = q.show(max) + (exploring ? ", exploration " + p : "");
                        int m = d.minimum();
                        if (m != 0 && (m < 2 || m > max)) {
                            return Trial.failed(1, where + ": the minimum drawn is " + m + ", outside 2.." + max);
                        }
                        if (p == 0 && m != 0) {
                            return Trial.failed(2, where + ": a minimum of " + m + " was set with no exploration");
                        }
                        if (exploring && p == 1 && m == 0) {
                            return Trial.failed(2, where + ": no minimum was set, though exploration is certain");
                        }
                        boolean expected = q.steps() >= max || (q.headSays() && q.steps() >= m);
                        if (d.halts() != expected) {
                            return Trial.failed(3, where + (m > 0 ? ", minimum " + m : "") + ": it "
                                    + (d.halts() ? "halted" : "went on") + ", but " + reason(q, max, m));
                        }
                        minimums += m > 0 ? 1 : 0;
                        if (!d.halts()) {
                            continued++;
                        } else if (q.steps() >= max) {
                            byMax++;
                        } else {
                            byHead++;
                        }
                    }
                }
            }
            return Trial.held(String.format(Locale.ROOT, "max %d: %d decisions, %d halted by the head, %d at the maximum,"
                    + " %d went on%s", max, probes.size() * probabilities.length * (exploring ? DRAWS_PER_DECISION : 1),
                    byHead, byMax, continued, exploring ? ", " + minimums + " under an exploration minimum" : ""));
        });
    }

    private static String reason(Probe q, int max, int minimum) {
        if (q.steps() >= max) {
            return "the maximum is reached";
        }
        String head = Double.isNaN(q.qContinue()) ? "q_halt > 0" : "q_halt > q_continue";
        if (!q.headSays()) {
            return head + " is false and the maximum is not reached";
        }
        return q.steps() >= minimum ? head + " holds" : head + " holds but the minimum is not reached";
    }

    /** Structured logits at the segments that matter, then the model's own logits at every segment. */
    private static List<Probe> probes(RefinementModel model, int max, SplittableRandom rng) {
        List<Probe> probes = new ArrayList<>();
        int[] inputs = Draw.tokens(model.seqLen(), model.vocab(), rng);
        Tape tape = new Tape();
        Carry carry = model.initialCarry(1);
        boolean continueHead = true;
        for (int t = 1; t <= max; t++) {
            Carry from = carry;
            SegmentOutput out = tape.noGrad(() -> model.segment(tape, from, inputs));
            continueHead = out.qContinue() != null;
            probes.add(new Probe(t, out.qHalt().get(0, 0), continueHead ? out.qContinue().get(0, 0) : Double.NaN));
            carry = out.carry();
        }
        int[] segments = max == 1 ? new int[] {1} : new int[] {1, 2, max - 1, max};
        for (int t : segments) {
            if (continueHead) {
                for (double x : new double[] {0, 1.5, -2}) {
                    probes.add(new Probe(t, x, x));
                    probes.add(new Probe(t, Math.nextUp(x), x));
                    probes.add(new Probe(t, x, Math.nextUp(x)));
                }
                probes.add(new Probe(t, 5, -5));
                probes.add(new Probe(t, -5, 5));
            } else {
                for (double x : new double[] {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 5, -5}) {
                    probes.add(new Probe(t, x, Double.NaN));
                }
            }
        }
        return probes;
    }
}
