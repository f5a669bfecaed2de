package org.depthlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.tasks.Tokens;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Matrices;
import org.junit.jupiter.api.Test;

/**
 * HRM's answer loss ({@code models/losses.py}, {@code ACTLossHead}) averages each sequence's
 * token cross-entropy over its labelled positions, sums over sequences and divides by the
 * batch; depthlab's averages over all labelled positions of the batch. The two are the same
 * number whenever every sequence labels the same number of positions — which every depthlab
 * task does — and differ otherwise (docs/decisions.md, "Differences from the published code").
 */
class LossNormalisationTest {

    private static int labelled(int[] targets, int from, int length) {
        int n = 0;
        for (int i = from; i < from + length; i++) {
            n += targets[i] != Tokens.PAD ? 1 : 0;
        }
        return n;
    }

    /** Claim: in every task, every puzzle labels the same number of positions. */
    @Test
    void everyTaskLabelsTheSameNumberOfPositionsInEverySequence() {
        for (String name : List.of("sudoku4", "sudoku6", "sudoku9", "maze8", "pointer", "queens8")) {
            Task task = Task.named(name);
            Dataset data = Dataset.generate(task, 12, 4, new SplittableRandom(5));
            int expected = -1;
            for (Puzzle p : data.train()) {
                int n = labelled(p.targetTokens(), 0, p.sequenceLength());
                if (expected < 0) {
                    expected = n;
                }
                assertEquals(expected, n, name + ": puzzles label different numbers of positions");
            }
        }
    }

    /**
     * Claim: with the same number of labelled positions per sequence, depthlab's batch mean
     * is HRM's per-sequence normalisation to rounding; with different numbers (the contrast)
     * it is not.
     */
    @Test
    void theBatchMeanIsHrmsPerSequenceMeanExactlyWhenTheCountsAgree() {
        int sequences = 3;
        int seqLen = 4;
        int vocab = 5;
        SplittableRandom rng = new SplittableRandom(11);
        Tensor logits = Tensor.constant(Matrices.uniform(sequences * seqLen, vocab, -2, 2, rng));
        int[] same = {2, 3, Tokens.PAD, 4, Tokens.PAD, 2, 2, 1, 3, Tokens.PAD, 1, 4};   // 3, 3 and 3 labelled
        int[] uneven = {2, 3, 2, 4, Tokens.PAD, Tokens.PAD, Tokens.PAD, 1, 3, 4, 1, 4};     // 4, 1 and 4
        for (int[] targets : List.of(same, uneven)) {
            double depthlab = new Tape().stablemaxCrossEntropy(logits, targets, Tokens.PAD).item();
            double hrm = 0;
            for (int s = 0; s < sequences; s++) {
                int[] one = Arrays.copyOfRange(targets, s * seqLen, (s + 1) * seqLen);
                Tensor rows = new Tape().gather(logits, IntStream.range(s * seqLen, (s + 1) * seqLen).toArray());
                hrm += new Tape().stablemaxCrossEntropy(rows, one, Tokens.PAD).item();
            }
            hrm /= sequences;
            if (targets == same) {
                assertEquals(hrm, depthlab, 1e-12 * hrm, "three labelled positions in every sequence");
            } else {
                assertNotEquals(hrm, depthlab, 1e-3 * hrm, "4, 1 and 4 labelled positions");
            }
        }
    }
}
