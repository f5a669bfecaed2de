package org.depthlab.models;

import org.depthlab.tensor.Tensor;

/**
 * What one supervision segment of a refinement model produces.
 *
 * @param carry       the states to start the next segment from (already detached)
 * @param logits      (sequences · seqLen) × vocab: the answer's scores at every position
 * @param qHalt       sequences × 1: the halting head's "stop now" logit, or {@code null} if the
 *                    model has no halting head
 * @param qContinue   sequences × 1: HRM's "continue" logit, or {@code null}
 * @param regulariser 1 × 1: a term the model adds to the training loss, already weighted (the
 *                    variational model's β·KL), or {@code null} for none
 */
public record SegmentOutput(Carry carry, Tensor logits, Tensor qHalt, Tensor qContinue, Tensor regulariser) {

    /** A segment without a regulariser: what every deterministic model returns. */
    public SegmentOutput(Carry carry, Tensor logits, Tensor qHalt, Tensor qContinue) {
        this(carry, logits, qHalt, qContinue, null);
    }
}
