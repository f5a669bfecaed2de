package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The decoder's segment and answer positions. Its exact properties — causality, the KV cache,
 * decoding depth — are claims, checked in {@code org.depthlab.claims} (DecodingClaimsTest,
 * InfluenceClaimsTest, DepthClaimsTest).
 */
class DecoderTest {

    static int[] tokens(int count, int vocab, SplittableRandom rng) {
        return rng.ints(count, 0, vocab).toArray();
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
