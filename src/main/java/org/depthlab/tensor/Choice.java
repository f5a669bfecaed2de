package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * A choice made from scores: row i of the output is the token chosen for row i of the scores
 * (one column, the token ids as numbers). The choice itself — argmax, a sample, the best
 * allowed value — is made by the caller; this op records <em>that the token came from these
 * scores</em>.
 *
 * <p>Why an op at all: the next step of an autoregressive decoder embeds the token it has just
 * emitted ({@link Gather} by these ids), so that step cannot start before the scores it was
 * chosen from exist. Without this op the chosen token would enter the next step as a fresh
 * constant of depth 0, and the meter would see m decoding steps as m independent passes of
 * fixed depth. With it, sequential depth grows with every emitted token (Tensor depth + 1 per
 * choice), which is the book's point about autoregressive decoding.
 *
 * <p>No gradient: a choice is not differentiable (teacher forcing trains a decoder without
 * going through it). FLOPs: one per score read (a comparison).
 */
final class Choice {

    private Choice() {
    }

    static Tensor choose(Tape tape, Tensor scores, int[] tokens) {
        Shapes.require(tokens.length == scores.rows(), "choose", tokens.length + " tokens for "
                + scores.rows() + " rows of scores");
        DMatrixRMaj ids = new DMatrixRMaj(tokens.length, 1);
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= scores.cols()) {
                throw new IllegalArgumentException("choose: token " + tokens[i] + " at " + i
                        + " is outside the scores' 0.." + (scores.cols() - 1));
            }
            ids.data[i] = tokens[i];
        }
        // The detached input keeps the depth and drops the gradient path.
        return tape.record(Cost.of("choose", scores.value().getNumElements()), ids, dy -> { }, scores.detach());
    }
}
