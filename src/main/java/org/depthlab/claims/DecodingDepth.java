package org.depthlab.claims;

import java.util.Locale;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecodingState;
import org.depthlab.tensor.Tape;

/**
 * Sequential depth of autoregressive decoding ([MS-CoT]: decoding m tokens takes m passes, one
 * after another). The m-th answer token can only be scored once the tokens before it
 * are chosen and fed back, so its scores lie m·L layer applications deep for a decoder of L
 * blocks — with the KV cache or without it (the cache saves work, not depth) — and every
 * token adds the same number of ops. Teacher forcing, which feeds the reference answer
 * instead, scores every position in one pass of depth L.
 *
 * <p>The chosen token is an op on the tape ({@code Tape.choose}), which is what lets the meter
 * see this; a token fed back as a fresh constant would hide the dependence.
 */
public final class DecodingDepth implements Claim<Decoder> {

    @Override
    public About about() {
        return new About("decoding depth",
                "The scores of the m-th emitted token lie m*L layer applications deep with or without the KV cache,"
                        + " each token adding the same op depth; teacher forcing scores all tokens at depth L.",
                "autoregressive decoders of L causal blocks",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<Decoder> family, long seed, int tries) {
        return Trial.run(seed, tries, (s, rng) -> {
            Decoder decoder = family.draw(s, 3 + rng.nextInt(4), 2 + rng.nextInt(6));
            int layers = decoder.config().layers();
            int tokens = decoder.answerPositions().length;
            int[] inputs = Draw.tokens(decoder.seqLen(), decoder.vocab(), rng);
            int[] answer = Draw.tokens(tokens, decoder.vocab(), rng);
            long size = 100L * tokens + layers;
            StringBuilder depths = new StringBuilder();
            for (boolean cached : new boolean[] {true, false}) {
                Tape tape = new Tape();
                DecodingState state = tape.noGrad(() -> decoder.start(tape, inputs, cached));
                int perToken = -1;
                for (int m = 1; m <= tokens; m++) {
                    int depth = state.scores().layerDepth();
                    if (depth != m * layers) {
                        return Trial.failed(size, String.format(Locale.ROOT, "L = %d, %s: token %d is scored at depth %d, not"
                                + " m*L = %d", layers, cached ? "cached" : "uncached", m, depth, m * layers));
                    }
                    if (cached) {
                        depths.append(m == 1 ? "" : ", ").append(depth);
                    }
                    if (m == tokens) {
                        break;
                    }
                    int before = state.scores().depth();
                    DecodingState from = state;
                    int token = answer[m - 1];
                    state = tape.noGrad(() -> decoder.next(tape, from, new int[] {token}));
                    int step = state.scores().depth() - before;
                    // Without the cache the first token has no earlier ones to be appended to: one op fewer.
                    if (perToken >= 0 && step != perToken) {
                        return Trial.failed(size, String.format(Locale.ROOT, "L = %d, %s: token %d added %d ops, token %d added %d",
                                layers, cached ? "cached" : "uncached", m + 1, step, m, perToken));
                    }
                    perToken = m == 1 ? -1 : step;
                }
            }
            Tape tape = new Tape();
            int forced = tape.noGrad(() -> decoder.trainingSegment(tape, decoder.initialCarry(1), inputs,
                    Draw.tokens(decoder.seqLen(), decoder.vocab(), rng))).logits().layerDepth();
            if (forced != layers) {
                return Trial.failed(size, String.format(Locale.ROOT, "L = %d: teacher forcing scores at depth %d", layers, forced));
            }
            return Trial.held(String.format(Locale.ROOT, "L = %d, %d tokens: depth %s (= m*L, cached and uncached);"
                    + " teacher forcing %d", layers, tokens, depths, forced));
        });
    }
}
