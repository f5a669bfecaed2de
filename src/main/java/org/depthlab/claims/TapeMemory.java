package org.depthlab.claims;

import java.util.Locale;
import org.depthlab.models.RefinementModel;
import org.depthlab.tensor.Tape;

/**
 * Tape memory per segment ([HRM], one-step gradient): the bytes a segment keeps for its backward
 * pass, as the meter counts them ({@link Tape#bytesRetained()}), as the number of recurrent
 * steps s grows.
 * <ul>
 *   <li><b>constant</b> — HRM's one-step gradient runs all but its last L-step and H-step
 *       inside {@link Tape#noGrad}, so the tape keeps the same bytes whatever N·T (Wang et al.
 *       2025, its approximate gradient: the DEQ view with (I − J)⁻¹ ≈ I);</li>
 *   <li><b>linear</b> — back-propagating through every step (a looped stack, K = s; TRM's last
 *       recursion of n + 1 steps, n = s) keeps the same number of bytes again for every step:
 *       bytes(s) = a + b·s with b &gt; 0.</li>
 * </ul>
 * Both are exact integer statements: the check builds the model at s = 1, 2, 3, 4 (same seed,
 * same everything else), runs one segment on a recording tape, and compares the counts.
 */
public final class TapeMemory implements Claim<TapeMemory.Unrolled> {

    /** A model whose segment runs {@code steps} recurrent steps (HRM: N·T, a looped stack: K). */
    @FunctionalInterface
    public interface Unrolled {
        RefinementModel withSteps(int steps);
    }

    private static final int MOST_STEPS = 4;

    private final boolean constant;

    private TapeMemory(boolean constant) {
        this.constant = constant;
    }

    /** The one-step gradient's claim: the same bytes at every number of steps. */
    public static TapeMemory constant() {
        return new TapeMemory(true);
    }

    /** Full back-propagation's claim: the same positive number of bytes more for every step. */
    public static TapeMemory linear() {
        return new TapeMemory(false);
    }

    @Override
    public About about() {
        return new About(constant ? "tape memory constant" : "tape memory linear",
                constant
                        ? "The bytes a segment keeps for backward are the same whatever the number of recurrent steps"
                                + " (one-step gradient)."
                        : "Every recurrent step keeps the same positive number of bytes more for backward"
                                + " (full back-propagation).",
                constant ? "models trained with the one-step gradient (HRM)"
                        : "models back-propagated through every step (looped stack, TRM's last recursion)",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<Unrolled> family, long seed, int tries) {
        return Trial.run(seed, tries, (s, rng) -> {
            Unrolled unrolled = family.draw(s, 3 + rng.nextInt(4), 1 + rng.nextInt(4));
            int sequences = 1 + rng.nextInt(2);
            long[] bytes = new long[MOST_STEPS];
            int[] inputs = null;
            for (int steps = 1; steps <= MOST_STEPS; steps++) {
                RefinementModel model = unrolled.withSteps(steps);
                if (inputs == null) {
                    inputs = Draw.tokens(sequences * model.seqLen(), model.vocab(), rng);
                }
                Tape tape = new Tape();
                model.segment(tape, model.initialCarry(sequences), inputs);
                bytes[steps - 1] = tape.bytesRetained();
            }
            String shown = "bytes kept at 1.." + MOST_STEPS + " steps: " + Draw.list(bytes);
            long first = bytes[1] - bytes[0];
            for (int i = 1; i < MOST_STEPS; i++) {
                long step = bytes[i] - bytes[i - 1];
                if (constant && step != 0) {
                    return Trial.failed(i, shown + String.format(Locale.ROOT, "; step %d added %,d bytes", i + 1, step));
                }
                if (!constant && step <= 0) {
                    return Trial.failed(i, shown + String.format(Locale.ROOT, "; step %d added %,d bytes, not a positive amount",
                            i + 1, step));
                }
                if (!constant && step != first) {
                    return Trial.failed(i, shown + String.format(Locale.ROOT, "; step %d added %,d bytes, step 2 added %,d",
                            i + 1, step, first));
                }
            }
            return Trial.held(shown + (constant ? "" : String.format(Locale.ROOT, " (+%,d a step)", first)));
        });
    }
}
