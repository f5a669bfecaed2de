package org.depthlab.train;

import org.depthlab.tasks.Tokens;
import org.ejml.data.DMatrixRMaj;

/** Reading answers out of logits, and scoring them against labels. */
final class Answers {

    private Answers() {
    }

    /** The highest-scoring token at every position (ties go to the lower token). */
    static int[] argmax(DMatrixRMaj logits) {
        int[] best = new int[logits.numRows];
        int v = logits.numCols;
        for (int r = 0; r < logits.numRows; r++) {
            int b = 0;
            for (int c = 1; c < v; c++) {
                if (logits.data[r * v + c] > logits.data[r * v + b]) {
                    b = c;
                }
            }
            best[r] = b;
        }
        return best;
    }

    /** Whether sequence s's answer equals its labels at every labelled (non-PAD) position. */
    static boolean[] exact(int[] answers, int[] targets, int seqLen) {
        boolean[] exact = new boolean[targets.length / seqLen];
        for (int s = 0; s < exact.length; s++) {
            boolean ok = true;
            for (int p = s * seqLen; p < (s + 1) * seqLen && ok; p++) {
                ok = targets[p] == Tokens.PAD || answers[p] == targets[p];
            }
            exact[s] = ok;
        }
        return exact;
    }

    /** Labelled positions of sequence s, and how many of them the answer gets right. */
    static int[] tokenCounts(int[] answers, int[] targets, int seqLen, int s) {
        int labelled = 0;
        int right = 0;
        for (int p = s * seqLen; p < (s + 1) * seqLen; p++) {
            if (targets[p] != Tokens.PAD) {
                labelled++;
                right += answers[p] == targets[p] ? 1 : 0;
            }
        }
        return new int[] {labelled, right};
    }
}
