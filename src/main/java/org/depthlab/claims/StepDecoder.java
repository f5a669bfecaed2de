package org.depthlab.claims;

import org.depthlab.models.Decoder;
import org.depthlab.models.DecodingState;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * An autoregressive decoder as the decoding claims see it: it reads a batch of puzzles, scores
 * the first answer token, and after each chosen token scores the next — with a KV cache or
 * without — and it can score every answer token in one pass by teacher forcing.
 * {@link #of(Decoder)} is the project's decoder; the two contrasts break one claim each:
 * {@link #parallel} scores every answer token from the puzzle alone (no token fed back, so
 * decoding gets no deeper), {@link #staleCache} keeps a cache that is never extended (each new
 * token sees the puzzle and itself, not the answer written before it).
 */
public interface StepDecoder {

    /** A point in a decoding: the scores of the next answer token (sequences × vocab) and what the decoder needs to go on. */
    record Step(Tensor scores, Object state) {
    }

    /** Token ids are 0 … vocab − 1. */
    int vocab();

    /** Puzzle positions per sequence. */
    int seqLen();

    /** L: the blocks every token goes through. */
    int layers();

    /** The puzzle positions the decoder writes, in order: D answer tokens. */
    int[] answerPositions();

    /** A step of the project's decoder (no scores once the answer is complete). */
    private static Step step(DecodingState s) {
        return new Step(s.isComplete() ? null : s.scores(), s);
    }

    /** Reads the puzzles and scores the first answer token. */
    Step start(Tape tape, int[] inputs, boolean cached);

    /** Commits one token per sequence and scores the next answer token. */
    Step next(Tape tape, Step from, int[] tokens);

    /** Teacher forcing: the logits of every puzzle position, (sequences · S) × vocab, with {@code targets} fed in. */
    Tensor teacherForced(Tape tape, int[] inputs, int[] targets);

    /** The project's decoder ({@link Decoder#start}, {@link Decoder#next}, {@link Decoder#trainingSegment}). */
    static StepDecoder of(Decoder decoder) {
        return new DecoderAdapter(decoder) {
            @Override
            public Step start(Tape tape, int[] inputs, boolean cached) {
                return step(decoder.start(tape, inputs, cached));
            }

            @Override
            public Step next(Tape tape, Step from, int[] tokens) {
                return step(decoder.next(tape, (DecodingState) from.state(), tokens));
            }
        };
    }

    /**
     * Contrast: a non-autoregressive decoder. Every answer token is scored by one teacher-forced
     * pass over the puzzle with token 0 in every answer slot, so the chosen tokens never come
     * back in: the m-th token's scores lie L deep, not m·L.
     */
    static StepDecoder parallel(Decoder decoder) {
        return new DecoderAdapter(decoder) {
            private record Pass(Tensor logits, int sequences, int emitted) {
            }

            @Override
            public Step start(Tape tape, int[] inputs, boolean cached) {
                Tensor logits = teacherForced(tape, inputs, new int[inputs.length]);
                return row(tape, new Pass(logits, inputs.length / seqLen(), 0));
            }

            @Override
            public Step next(Tape tape, Step from, int[] tokens) {
                Pass p = (Pass) from.state();
                return row(tape, new Pass(p.logits(), p.sequences(), p.emitted() + 1));
            }

            private Step row(Tape tape, Pass p) {
                if (p.emitted() >= answerPositions().length) {
                    return new Step(null, p);
                }
                int[] rows = new int[p.sequences()];
                for (int b = 0; b < rows.length; b++) {
                    rows[b] = b * seqLen() + answerPositions()[p.emitted()];
                }
                return new Step(tape.gather(p.logits(), rows), p);
            }
        };
    }

    /**
     * Contrast: a cache that is never extended. With the cache, every token is decoded from the
     * state right after the puzzle, as if it were the first answer token; without it, decoding
     * is the decoder's own.
     */
    static StepDecoder staleCache(Decoder decoder) {
        return new DecoderAdapter(decoder) {
            /** The state right after the puzzle, and the tokens emitted since. */
            private record Stale(DecodingState start, int emitted) {
            }

            @Override
            public Step start(Tape tape, int[] inputs, boolean cached) {
                DecodingState s = decoder.start(tape, inputs, cached);
                return new Step(s.scores(), cached ? new Stale(s, 0) : s);
            }

            @Override
            public Step next(Tape tape, Step from, int[] tokens) {
                if (from.state() instanceof DecodingState honest) {
                    return step(decoder.next(tape, honest, tokens));
                }
                Stale st = (Stale) from.state();
                int emitted = st.emitted() + 1;
                if (emitted == answerPositions().length) {
                    return new Step(null, new Stale(st.start(), emitted));
                }
                return new Step(decoder.next(tape, st.start(), tokens).scores(), new Stale(st.start(), emitted));
            }
        };
    }
}
