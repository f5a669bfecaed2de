package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The decoder's exact properties: the KV cache changes nothing, and nothing sees the future. */
class DecoderTest {

    /** A small random decoder: RoPE or learned positions, 1–2 layers and heads, a random set of answer positions. */
    static DecoderConfig randomConfig(int seqLen, SplittableRandom rng) {
        int heads = 1 + rng.nextInt(2);
        int hidden = heads * 2 * (1 + rng.nextInt(3));
        Positions p = rng.nextBoolean() ? Positions.ROPE : Positions.LEARNED;
        List<Integer> answers = new ArrayList<>();
        for (int i = 0; i < seqLen; i++) {
            if (rng.nextInt(3) > 0) {
                answers.add(i);
            }
        }
        if (answers.isEmpty()) {
            answers.add(rng.nextInt(seqLen));
        }
        return new DecoderConfig(3 + rng.nextInt(4), seqLen, hidden, heads, 2.0, 1 + rng.nextInt(2), p, answers);
    }

    static int[] tokens(int count, int vocab, SplittableRandom rng) {
        return rng.ints(count, 0, vocab).toArray();
    }

    /**
     * Claim: with the KV cache, the scores of every answer position equal those of a full pass
     * over the stream without it (1e-9), and those of teacher forcing on the same tokens — for
     * random models, puzzles and answer prefixes, one or two sequences at a time.
     */
    @Test
    void kvCachedScoresEqualUncachedScores() {
        Props.qt(40).forAll(integers().between(1, 6), integers().between(1, 2), longs().all())
                .checkAssert((seqLen, sequences, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    DecoderConfig config = randomConfig(seqLen, rng);
                    Decoder decoder = config.build(seed);
                    int[] inputs = tokens(sequences * seqLen, config.vocab(), rng);
                    int[] targets = tokens(sequences * seqLen, config.vocab(), rng);
                    Tape tape = new Tape();
                    DMatrixRMaj forced = tape.noGrad(() ->
                            decoder.trainingSegment(tape, decoder.initialCarry(sequences), inputs, targets))
                            .logits().value();
                    DecodingState cached = decoder.start(tape, inputs, true);
                    DecodingState uncached = decoder.start(tape, inputs, false);
                    int[] answers = decoder.answerPositions();
                    for (int k = 0; k < answers.length; k++) {
                        DMatrixRMaj a = cached.scores().value();
                        DMatrixRMaj b = uncached.scores().value();
                        double cacheError = Matrices.maxRelativeDifference(a, b);
                        assertTrue(cacheError <= 1e-9, config + ", answer " + k + ": cached vs uncached differ by "
                                + cacheError);
                        int[] next = new int[sequences];
                        for (int s = 0; s < sequences; s++) {
                            DMatrixRMaj row = new DMatrixRMaj(1, config.vocab());
                            for (int v = 0; v < config.vocab(); v++) {
                                row.data[v] = forced.get(s * seqLen + answers[k], v);
                                assertEquals(row.data[v], a.get(s, v), 1e-9, config + ", answer " + k
                                        + ": cached decoding vs teacher forcing");
                            }
                            next[s] = targets[s * seqLen + answers[k]];
                        }
                        cached = decoder.next(tape, cached, next);
                        uncached = decoder.next(tape, uncached, next);
                    }
                    assertTrue(cached.isComplete() && uncached.isComplete());
                });
    }

    /**
     * Claim (causality): the hidden state at stream position t — and so every score read from
     * it — is bit-for-bit the same whatever tokens stand after t.
     */
    @Test
    void changingAnyLaterTokenLeavesEarlierOutputsUnchanged() {
        Props.qt(40).forAll(integers().between(1, 6), longs().all()).checkAssert((seqLen, seed) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            DecoderConfig config = randomConfig(seqLen, rng);
            Decoder decoder = config.build(seed);
            int answered = config.answerPositions().size() - 1;
            int length = seqLen + answered;
            int[] inputs = tokens(seqLen, config.vocab(), rng);
            int[] answers = tokens(answered, config.vocab(), rng);
            int t = rng.nextInt(length);
            // Change every token after t (puzzle or answer) to another random token.
            int[] inputs2 = inputs.clone();
            int[] answers2 = answers.clone();
            for (int p = t + 1; p < length; p++) {
                if (p < seqLen) {
                    inputs2[p] = (inputs2[p] + 1 + rng.nextInt(config.vocab() - 1)) % config.vocab();
                } else {
                    answers2[p - seqLen] = (answers2[p - seqLen] + 1 + rng.nextInt(config.vocab() - 1)) % config.vocab();
                }
            }
            DMatrixRMaj before = hidden(decoder, inputs, answers);
            DMatrixRMaj after = hidden(decoder, inputs2, answers2);
            for (int p = 0; p < length; p++) {
                boolean same = true;
                for (int c = 0; c < config.hidden(); c++) {
                    same &= before.get(p, c) == after.get(p, c);
                }
                if (p <= t) {
                    assertTrue(same, config + ": position " + p + " changed when only tokens after " + t + " did");
                }
            }
        });
    }

    private static DMatrixRMaj hidden(Decoder decoder, int[] inputs, int[] answers) {
        Tape tape = new Tape();
        DMatrixRMaj ids = new DMatrixRMaj(answers.length, 1);
        for (int i = 0; i < answers.length; i++) {
            ids.data[i] = answers[i];
        }
        return decoder.hidden(tape, inputs, Tensor.constant(ids), answers.length).value();
    }

    /** The segment is greedy decoding: its answer is the argmax at every written position, fed back. */
    @Test
    void aSegmentIsGreedyDecodingAndWritesPadElsewhere() {
        SplittableRandom rng = new SplittableRandom(5);
        DecoderConfig config = new DecoderConfig(5, 6, 8, 2, 2.0, 2, Positions.LEARNED, List.of(1, 2, 5));
        Decoder decoder = config.build(3);
        int[] inputs = tokens(2 * 6, 5, rng);
        Tape tape = new Tape();
        DMatrixRMaj logits = decoder.segment(tape, decoder.initialCarry(2), inputs).logits().value();
        DecodingState state = decoder.start(tape, inputs, true);
        for (int k = 0; k < 3; k++) {
            int[] best = {Decoder.argmax(state.scoresOf(0)), Decoder.argmax(state.scoresOf(1))};
            for (int s = 0; s < 2; s++) {
                assertArrayEquals(state.scoresOf(s), row(logits, s * 6 + config.answerPositions().get(k)), 0.0);
            }
            state = decoder.next(tape, state, best);
        }
        for (int s = 0; s < 2; s++) {
            for (int p : new int[] {0, 3, 4}) {
                assertArrayEquals(new double[5], row(logits, s * 6 + p), 0.0, "position " + p + " is not written");
            }
        }
    }

    private static double[] row(DMatrixRMaj m, int r) {
        double[] out = new double[m.numCols];
        System.arraycopy(m.data, r * m.numCols, out, 0, out.length);
        return out;
    }

    @Test
    void labelledPositionsAreThoseSomeTargetLabels() {
        List<int[]> targets = List.of(new int[] {0, 0, 3, 0}, new int[] {0, 2, 0, 0});
        assertEquals(List.of(1, 2), DecoderConfig.labelledPositions(targets, 4));
    }
}
