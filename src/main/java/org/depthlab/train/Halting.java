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
 * In evaluation every sequence runs all segments (HRM: "Evaluation runs all 16 segments").
 */
final class Halting {

    private Halting() {
    }

    /**
     * @param steps      segments used so far, this one included
     * @param qHalt      per sequence, or null when the model has no halting head
     * @param qContinue  per sequence, or null
     */
    static boolean[] decide(int[] steps, double[] qHalt, double[] qContinue, int maxSegments, double exploration,
                            SplittableRandom rng) {
        boolean[] halted = new boolean[steps.length];
        for (int s = 0; s < steps.length; s++) {
            boolean last = steps[s] >= maxSegments;
            boolean halt = last;
            if (qHalt != null && maxSegments > 1) {
                halt |= qContinue != null ? qHalt[s] > qContinue[s] : qHalt[s] > 0;
                int minimum = rng.nextDouble() < exploration ? 2 + rng.nextInt(maxSegments - 1) : 0;
                halt &= steps[s] >= minimum;
            }
            halted[s] = halt;
        }
        return halted;
    }
}
