package org.depthlab.claims;

import java.util.Locale;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;

/**
 * Sequential depth of autoregressive decoding (book/references.md, [MS-CoT]: a decoder writing m
 * tokens computes m steps in sequence). The m-th answer token can only be scored once the tokens before it
 * are chosen and fed back, so its scores lie m·L layer applications deep for a decoder of L
 * blocks — with the KV cache or without it (the cache saves work, not depth) — and every
 * token adds the same number of ops. Teacher forcing, which feeds the reference answer
 * instead, scores every position in one pass of depth L. Depth is the meter's mixing depth.
 *
 * <p>The chosen token is an op on the tape ({@code Tape.choose}), which is what lets the meter
 * see this; a token fed back as a fresh constant would hide the dependence. The contrast is a
 * decoder that feeds nothing back ({@link StepDecoder#parallel}): every token L deep.
 */
public final class DecodingDepth implements Claim<StepDecoder> {

    @Override
    public About about() {
        return new About("decoding depth",
                "The scores of the m-th emitted token lie m*L layer applications deep with or without the KV cache,"
                        + " each token adding the same op depth; teacher forcing scores all tokens at depth L.",
                "autoregressive decoders of L causal blocks",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<StepDecoder> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            StepDecoder decoder = family.draw(in.seed(), 3 + in.rng().nextInt(4), in.length(2));
            int layers = decoder.layers();
            int tokens = decoder.answerPositions().length;
            in.tried("answer tokens", tokens);
            int[] inputs = Draw.tokens(decoder.seqLen(), decoder.vocab(), in.rng());
            int[] answer = Draw.tokens(tokens, decoder.vocab(), in.rng());
            long size = 100L * tokens + layers;
            StringBuilder depths = new StringBuilder();
            for (boolean cached : new boolean[] {true, false}) {
                in.inputs(1);
                Meter meter = Meter.measuringMixing();
                Tape tape = Tape.metered(meter);
                StepDecoder.Step step = tape.noGrad(() -> decoder.start(tape, inputs, cached));
                int perToken = -1;
                for (int m = 1; m <= tokens; m++) {
                    int depth = meter.mixingDepth(step.scores());
                    if (depth != m * layers) {
                        return Trial.failed(size, String.format(Locale.ROOT, "L = %d, %s: token %d is scored %s deep,"
                                + " not m*L = %d (answer so far %s)", layers, cached ? "cached" : "uncached", m,
                                Draw.count(depth, "mixing step"), m * layers, Draw.text(java.util.Arrays.copyOf(answer, m - 1))));
                    }
                    if (cached && (m <= 3 || m == tokens)) {
                        depths.append(m == 1 ? "" : m == tokens && m > 4 ? ", ..., " : ", ").append(depth);
                    }
                    if (m == tokens) {
                        break;
                    }
                    int before = step.scores().depth();
                    StepDecoder.Step from = step;
                    int token = answer[m - 1];
                    step = tape.noGrad(() -> decoder.next(tape, from, new int[] {token}));
                    int added = step.scores().depth() - before;
                    // Without the cache the first token has no earlier ones to be appended to: one op fewer.
                    if (perToken >= 0 && added != perToken) {
                        return Trial.failed(size, String.format(Locale.ROOT, "L = %d, %s: token %d added %d ops, token %d"
                                + " added %d", layers, cached ? "cached" : "uncached", m + 1, added, m, perToken));
                    }
                    perToken = m == 1 ? -1 : added;
                }
            }
            Meter meter = Meter.measuringMixing();
            Tape tape = Tape.metered(meter);
            int forced = meter.mixingDepth(tape.noGrad(() -> decoder.teacherForced(tape, inputs,
                    Draw.tokens(decoder.seqLen(), decoder.vocab(), in.rng()))));
            if (forced != layers) {
                return Trial.failed(size, String.format(Locale.ROOT, "L = %d: teacher forcing scores at depth %d", layers,
                        forced));
            }
            return Trial.held(String.format(Locale.ROOT, "L = %d, %d tokens: depth %s (= m*L, cached and uncached);"
                    + " teacher forcing %d", layers, tokens, depths, forced));
        });
    }
}
