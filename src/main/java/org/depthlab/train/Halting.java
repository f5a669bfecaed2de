package org.depthlab.train;

import java.util.SplittableRandom;

/**
 * Adaptive computation time with Q-learning, as HRM trains it (Wang et al. 2025, §3.3;
 * [HRM]), and TRM's simpler variant.
 *
 * <p>After each segment a sequence that has used {@code steps} segments halts when
 * <ul>
 *   <li>it has reached the maximum, or (training only)</li>
 *   <li>its Q head says so: q_halt &gt; q_continue (HRM), or q_halt &gt; 0 when the model has no
 *       continue head (TRM) —</li>
 *   <li>but not before a minimum number of segments, which is 0 except with probability
 *       {@code exploration}, when it is drawn uniformly from 2..max (fresh at every segment).</li>
 * </ul>
 * In evaluation every sequence runs all segments (HRM: "Evaluation runs all 16 segments";
 * {@link Evaluator}). The claims library checks these rules ({@code org.depthlab.claims.Halts}).
 */
public final class Halting {

    private Halting() {
    }

    /**
     * What the rule decided for one sequence after a segment.
     *
     * @param halts   whether the sequence stops here
     * @param minimum the exploration minimum drawn for this segment: 0 when none was set
     */
    public record Decision(boolean halts, int minimum) {
    }

    /**
     * One sequence with an HRM halting head (q_halt and q_continue).
     *
     * @param steps segments used so far, this one included
     */
    public static Decision decide(int steps, double qHalt, double qContinue, int maxSegments, double exploration,
                                  SplittableRandom rng) {
        return decide(steps, qHalt, qContinue, true, true, maxSegments, exploration, rng);
    }

    /** One sequence with a TRM halting head (q_halt only): it halts on q_halt &gt; 0. */
    public static Decision decide(int steps, double qHalt, int maxSegments, double exploration, SplittableRandom rng) {
        return decide(steps, qHalt, 0, true, false, maxSegments, exploration, rng);
    }

    /** One sequence of a model without a halting head: it halts at the maximum only. */
    public static Decision decide(int steps, int maxSegments) {
        return decide(steps, 0, 0, false, false, maxSegments, 0, null);
    }

    private static Decision decide(int steps, double qHalt, double qContinue, boolean head, boolean continueHead,
                                   int maxSegments, double exploration, SplittableRandom rng) {
        boolean halt = steps >= maxSegments;
        int minimum = 0;
        if (head && maxSegments > 1) {
            halt |= continueHead ? qHalt > qContinue : qHalt > 0;
            minimum = rng.nextDouble() < exploration ? 2 + rng.nextInt(maxSegments - 1) : 0;
            halt &= steps >= minimum;
        }
        return new Decision(halt, minimum);
    }

    /**
     * The decisions for a batch, one random draw after another (as the trainer calls it).
     *
     * @param steps      segments used so far, this one included
     * @param qHalt      per sequence, or null when the model has no halting head
     * @param qContinue  per sequence, or null
     */
    static boolean[] decide(int[] steps, double[] qHalt, double[] qContinue, int maxSegments, double exploration,
                            SplittableRandom rng) {
        boolean[] halted = new boolean[steps.length];
        for (int s = 0; s < steps.length; s++) {
            Decision d = qHalt == null ? decide(steps[s], maxSegments)
                    : qContinue == null ? decide(steps[s], qHalt[s], maxSegments, exploration, rng)
                    : decide(steps[s], qHalt[s], qContinue[s], maxSegments, exploration, rng);
            halted[s] = d.halts();
        }
        return halted;
    }
}
