package org.depthlab.claims;

import java.util.SplittableRandom;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecodingState;
import org.depthlab.tensor.Tape;
import org.ejml.data.DMatrixRMaj;

/**
 * KV-cache equivalence (FACTS.md, "Properties that are provable"): decoding with the cache —
 * each step runs one new position through the blocks and attends over the keys and values
 * kept from the earlier ones — gives the same scores as rerunning the whole stream, and as
 * teacher forcing the same tokens in one pass. The cache saves work, not meaning: under the
 * causal mask an earlier position's keys and values do not depend on anything after it.
 *
 * <p>The three compute the same sums in different orders, so float64 agrees to rounding; the
 * check allows a relative difference of 1e-9 (a wrong cache misses by order 1).
 */
public final class KvCacheEquivalence implements Claim<Decoder> {

    private static final double ROUNDING = 1e-9;

    @Override
    public String name() {
        return "KV cache equivalence";
    }

    @Override
    public String statement() {
        return "Scores decoded with the KV cache equal those without it and those of teacher forcing the same"
                + " tokens, at every answer position.";
    }

    @Override
    public String quantifiesOver() {
        return "autoregressive decoders with a KV cache";
    }

    @Override
    public Rigor rigor() {
        return Rigor.provable(ROUNDING);
    }

    @Override
    public Verdict check(Family<Decoder> family, long seed, int tries) {
        return Trial.run(seed, tries, s -> {
            SplittableRandom rng = new SplittableRandom(s);
            Decoder decoder = family.draw(s, 3 + rng.nextInt(4), 1 + rng.nextInt(6));
            int length = decoder.seqLen();
            int[] answers = decoder.answerPositions();
            int[] inputs = Draw.tokens(length, decoder.vocab(), rng);
            int[] targets = Draw.tokens(length, decoder.vocab(), rng);
            Tape tape = new Tape();
            return tape.noGrad(() -> {
                DMatrixRMaj forced = decoder.trainingSegment(tape, decoder.initialCarry(1), inputs, targets)
                        .logits().value();
                DecodingState cached = decoder.start(tape, inputs, true);
                DecodingState uncached = decoder.start(tape, inputs, false);
                double worst = 0;
                for (int k = 0; k < answers.length; k++) {
                    DMatrixRMaj a = cached.scores().value();
                    DMatrixRMaj b = uncached.scores().value();
                    DMatrixRMaj c = new DMatrixRMaj(1, decoder.vocab());
                    System.arraycopy(forced.data, answers[k] * forced.numCols, c.data, 0, c.numCols);
                    double cache = Draw.maxRelativeDifference(a, b);
                    double teacher = Draw.maxRelativeDifference(a, c);
                    if (cache > ROUNDING || teacher > ROUNDING) {
                        return Trial.failed(100L * length + k, String.format("L = %d, tokens %s, answer %d of %d:"
                                + " cached vs uncached differ by %.3g, cached vs teacher forcing by %.3g",
                                decoder.layerApplicationsPerToken(), Draw.text(inputs), k + 1, answers.length,
                                cache, teacher));
                    }
                    worst = Math.max(worst, Math.max(cache, teacher));
                    int[] next = {targets[answers[k]]};
                    cached = decoder.next(tape, cached, next);
                    uncached = decoder.next(tape, uncached, next);
                }
                return Trial.held(String.format("L = %d, %d answer tokens: largest difference %.1e",
                        decoder.layerApplicationsPerToken(), answers.length, worst));
            });
        });
    }
}
