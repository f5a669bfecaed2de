package org.depthlab.claims;

import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * Width adds no depth (chapter 14; [GRAM] in book/references.md scales inference in width for
 * this reason): N samples of a puzzle run side by side have the sequential depth of one — the
 * mixing depth of every sample's final answer is that of a single sample, S segments of
 * T·(n + 1)·layers layer applications, whatever N — while the total FLOPs are exactly N times
 * one sample's. The check runs a random stochastic model's sampler at N = 1, 2 and up to the
 * family's bound on steps, on a metered tape, and compares. The contrast does the same total
 * work as a chain (sample i + 1 continues from sample i's carry): its depth grows N-fold.
 */
public final class WidthDepth implements Claim<WidthSampler> {

    @Override
    public About about() {
        return new About("width keeps depth",
                "N samples run side by side lie as many layer applications deep as one sample, at every N, and cost"
                        + " exactly N times its FLOPs.",
                "samplers of a stochastic recursive model that run the samples in parallel",
                Rigor.exact());
    }

    /** What one draw of n samples measured. */
    private record Cost(int depth, long flops) {
    }

    @Override
    public Verdict check(Family<WidthSampler> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            SplittableRandom rng = in.rng();
            int vocab = 3 + rng.nextInt(4);
            int length = in.size(1, Math.min(16, in.scale().maxLength()));
            WidthSampler sampler = family.draw(in.seed(), vocab, length);
            int[] puzzle = Draw.tokens(sampler.model().seqLen(), sampler.model().vocab(), rng);
            int widest = in.steps(2);
            int segments = 1 + rng.nextInt(2);
            long base = rng.nextLong();
            in.tried("N", 1);
            in.tried("N", widest);
            in.tried("n", sampler.model().seqLen());
            Cost one = measure(sampler, puzzle, 1, segments, base);
            for (int n : new int[] {2, widest}) {
                in.inputs(1);
                Cost c = measure(sampler, puzzle, n, segments, base);
                if (c.depth() != one.depth()) {
                    return Trial.failed(n, String.format(Locale.ROOT, "%d samples of %s lie %s deep, one"
                            + " sample %s: the depth grew with N (puzzle %s)", n, Draw.count(segments, "segment"),
                            Draw.count(c.depth(), "mixing step"), Draw.count(one.depth(), "mixing step"), Draw.brief(puzzle)));
                }
                if (c.flops() != n * one.flops()) {
                    return Trial.failed(n, String.format(Locale.ROOT, "%d samples cost %,d FLOPs, not %d x %,d",
                            n, c.flops(), n, one.flops()));
                }
            }
            return Trial.held(String.format(Locale.ROOT, "%s: %s deep at N = 1, 2 and %d; FLOPs %,d at N = 1,"
                    + " exactly N times that at N = 2 and %d", Draw.count(segments, "segment"),
                    Draw.count(one.depth(), "mixing step"), widest,
                    one.flops(), widest));
        });
    }

    private static Cost measure(WidthSampler sampler, int[] puzzle, int n, int segments, long base) {
        Meter meter = Meter.measuringMixing();
        Tape tape = Tape.metered(meter);
        Tensor logits = sampler.run(tape, puzzle, n, segments, base);
        return new Cost(meter.mixingDepth(logits), meter.flops());
    }
}
