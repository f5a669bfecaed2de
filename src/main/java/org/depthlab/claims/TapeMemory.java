package org.depthlab.claims;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.depthlab.models.RefinementModel;
import org.depthlab.tensor.Tape;

/**
 * Tape memory per segment ([HRM] in book/references.md): the bytes a segment keeps for its backward
 * pass, as the meter counts them ({@link Tape#bytesRetained()}), as the recurrence gets longer.
 * A model is unrolled to N outer cycles of T inner steps (HRM's N and T; a looped stack of
 * K = N·T; TRM's last recursion of n = N·T latent steps), N·T recurrent steps in all.
 * <ul>
 *   <li><b>constant</b> — HRM's one-step gradient runs all but its last L-step and H-step
 *       inside {@link Tape#noGrad}, so the tape keeps the same bytes whatever N and T (Wang et
 *       al. 2025, its approximate gradient: the DEQ view with (I − J)⁻¹ ≈ I);</li>
 *   <li><b>linear</b> — back-propagating through every step keeps the same number of bytes
 *       again for every step: bytes = a + b·N·T with b &gt; 0.</li>
 * </ul>
 * Both are exact integer statements. The check varies N and T separately, across scales up to
 * the family's bound on N·T (16 by default, so that a checkpoint kept every few steps shows):
 * (1, 1), (1, 2), (2, 1), the bound as N alone and as T alone, and log-uniform pairs. It runs
 * one segment of each unrolling on a recording tape and compares the counts. A segment that
 * keeps no bytes at all has nothing to be constant about and tests nothing.
 */
public final class TapeMemory implements Claim<TapeMemory.Unrolled> {

    /** A model whose segment runs {@code cycles} × {@code steps} recurrent steps (HRM: N cycles of T L-steps). */
    @FunctionalInterface
    public interface Unrolled {
        RefinementModel withSteps(int cycles, int steps);
    }

    private static final int RANDOM_PAIRS = 3;

    private final boolean constant;

    private TapeMemory(boolean constant) {
        this.constant = constant;
    }

    /** The one-step gradient's claim: the same bytes at every N and T. */
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
                        ? "The bytes a segment keeps for backward are the same whatever the numbers N and T of recurrent"
                                + " cycles and steps (one-step gradient)."
                        : "Every recurrent step keeps the same positive number of bytes more for backward:"
                                + " bytes = a + b*N*T (full back-propagation).",
                constant ? "models trained with the one-step gradient (HRM)"
                        : "models back-propagated through every step (looped stack, TRM's last recursion)",
                Rigor.exact());
    }

    private record Point(int cycles, int steps, long bytes) {
        int total() {
            return cycles * steps;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%dx%d: %,d", cycles, steps, bytes);
        }
    }

    @Override
    public Verdict check(Family<Unrolled> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            Unrolled unrolled = family.draw(in.seed(), 3 + in.rng().nextInt(4), in.logUniform(1, 8));
            int sequences = 1 + in.rng().nextInt(2);
            int most = Math.max(2, in.scale().maxSteps());
            List<Point> points = new ArrayList<>();
            int[] inputs = null;
            for (int[] nt : grid(in, most)) {
                RefinementModel model = unrolled.withSteps(nt[0], nt[1]);
                if (inputs == null) {
                    inputs = Draw.tokens(sequences * model.seqLen(), model.vocab(), in.rng());
                    in.tried("n", model.seqLen());
                }
                Tape tape = new Tape();
                model.segment(tape, model.initialCarry(sequences), inputs);
                points.add(new Point(nt[0], nt[1], tape.bytesRetained()));
                in.inputs(1);
                in.tried("N*T", (long) nt[0] * nt[1]);
            }
            points.sort((p, q) -> Integer.compare(p.total(), q.total()));
            String shown = "bytes kept at NxT = " + points.stream().map(Point::toString)
                    .reduce((x, y) -> x + ", " + y).orElse("");
            Point first = points.get(0);
            if (points.stream().allMatch(p -> p.bytes() == 0)) {
                return Trial.untested("the segment keeps no bytes for backward at any N and T: it records nothing");
            }
            Point other = points.stream().filter(p -> p.total() != first.total()).findFirst().orElseThrow();
            long perStep = (other.bytes() - first.bytes()) / (other.total() - first.total());
            for (Point p : points) {
                long size = p.total();
                if (constant && p.bytes() != first.bytes()) {
                    return Trial.failed(size, shown + String.format(Locale.ROOT, "; at %dx%d the tape keeps %,d bytes, at"
                            + " %dx%d %,d", p.cycles(), p.steps(), p.bytes(), first.cycles(), first.steps(), first.bytes()));
                }
                if (!constant && perStep <= 0) {
                    return Trial.failed(size, shown + String.format(Locale.ROOT, "; from %d to %d steps the bytes grew by"
                            + " %,d, not a positive amount a step", first.total(), other.total(), other.bytes() - first.bytes()));
                }
                if (!constant && p.bytes() != first.bytes() + perStep * (p.total() - first.total())) {
                    return Trial.failed(size, shown + String.format(Locale.ROOT, "; at %dx%d the tape keeps %,d bytes,"
                            + " not %,d + %,d per step = %,d", p.cycles(), p.steps(), p.bytes(), first.bytes(), perStep,
                            first.bytes() + perStep * (p.total() - first.total())));
                }
            }
            return Trial.held(shown + (constant ? "" : String.format(Locale.ROOT, " (+%,d a step)", perStep)));
        });
    }

    /** (N, T) pairs: the small corners, the bound as N and as T, and log-uniform pairs within it. */
    private static Set<int[]> grid(Instance in, int most) {
        Set<List<Integer>> pairs = new LinkedHashSet<>();
        pairs.add(List.of(1, 1));
        pairs.add(List.of(1, 2));
        pairs.add(List.of(2, 1));
        if (in.first()) {
            pairs.add(List.of(most, 1));
            pairs.add(List.of(1, most));
        }
        for (int i = 0; i < RANDOM_PAIRS; i++) {
            int total = in.logUniform(2, most);
            int cycles = in.logUniform(1, total);
            pairs.add(List.of(cycles, Math.max(1, total / cycles)));
        }
        Set<int[]> out = new LinkedHashSet<>();
        for (List<Integer> p : pairs) {
            out.add(new int[] {p.get(0), p.get(1)});
        }
        return out;
    }
}
