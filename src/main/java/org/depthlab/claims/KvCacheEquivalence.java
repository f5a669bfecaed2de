package org.depthlab.claims;

import java.util.Locale;
import org.depthlab.tensor.Tape;
import org.ejml.data.DMatrixRMaj;

/**
 * KV-cache equivalence (book/references.md, [Transformer]): decoding with the cache —
 * each step runs one new position through the blocks and attends over the keys and values
 * kept from the earlier ones — gives the same scores as rerunning the whole stream, and as
 * teacher forcing the same tokens in one pass. The cache saves work, not meaning: under the
 * causal mask an earlier position's keys and values do not depend on anything after it.
 *
 * <p>The three compute the same sums in different orders, so float64 agrees to rounding; the
 * check allows a relative difference of 1e-9 (a wrong cache misses by order 1). Lengths go up to
 * the family's bound. The contrast is a cache that is never extended
 * ({@link StepDecoder#staleCache}): it agrees for the first two tokens and not after.
 */
public final class KvCacheEquivalence implements Claim<StepDecoder> {

    private static final double ROUNDING = 1e-9;

    @Override
    public About about() {
        return new About("KV cache equivalence",
                "Scores decoded with the KV cache equal those without it and those of teacher forcing the same"
                        + " tokens, at every answer position.",
                "autoregressive decoders with a KV cache",
                Rigor.provable(ROUNDING));
    }

    @Override
    public Verdict check(Family<StepDecoder> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            StepDecoder decoder = family.draw(in.seed(), 3 + in.rng().nextInt(4), in.length(1));
            int length = decoder.seqLen();
            int sequences = 1 + in.rng().nextInt(2);
            int[] answers = decoder.answerPositions();
            in.tried("answer tokens", answers.length);
            in.inputs(sequences);
            int[] inputs = Draw.tokens(sequences * length, decoder.vocab(), in.rng());
            int[] targets = Draw.tokens(sequences * length, decoder.vocab(), in.rng());
            Tape tape = new Tape();
            return tape.noGrad(() -> {
                DMatrixRMaj forced = decoder.teacherForced(tape, inputs, targets).value();
                StepDecoder.Step cached = decoder.start(tape, inputs, true);
                StepDecoder.Step uncached = decoder.start(tape, inputs, false);
                double worst = 0;
                for (int k = 0; k < answers.length; k++) {
                    DMatrixRMaj a = cached.scores().value();
                    DMatrixRMaj b = uncached.scores().value();
                    // Teacher forcing's scores of answer k, one row per sequence.
                    DMatrixRMaj c = new DMatrixRMaj(sequences, decoder.vocab());
                    int[] next = new int[sequences];
                    for (int q = 0; q < sequences; q++) {
                        int row = q * length + answers[k];
                        System.arraycopy(forced.data, row * forced.numCols, c.data, q * c.numCols, c.numCols);
                        next[q] = targets[row];
                    }
                    double cache = Draw.maxRelativeDifference(a, b);
                    double teacher = Draw.maxRelativeDifference(a, c);
                    if (cache > ROUNDING || teacher > ROUNDING) {
                        return Trial.failed(100L * length + k, String.format(Locale.ROOT, "L = %d, %d sequence(s), tokens %s,"
                                + " answer %d of %d: cached vs uncached differ by %.3g, cached vs teacher forcing"
                                + " by %.3g", decoder.layers(), sequences, Draw.text(inputs), k + 1, answers.length, cache,
                                teacher));
                    }
                    worst = Math.max(worst, Math.max(cache, teacher));
                    cached = decoder.next(tape, cached, next);
                    uncached = decoder.next(tape, uncached, next);
                }
                return Trial.held(String.format(Locale.ROOT, "L = %d, %d sequence(s), %d answer tokens: largest difference"
                        + " %.1e", decoder.layers(), sequences, answers.length, worst));
            });
        });
    }
}
