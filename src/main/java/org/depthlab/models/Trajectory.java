package org.depthlab.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.depthlab.tensor.Tape;
import org.ejml.data.DMatrixRMaj;

/**
 * What a refinement model did on one puzzle, segment by segment: its answer after each
 * segment (it may change any cell between segments — unlike an autoregressive decoder), how
 * sure it was, what its halting head said, and the size of its states. The CLI's
 * {@code solve}, the demos and the book's figures read trajectories.
 *
 * @param steps one entry per segment, in order
 */
public record Trajectory(List<Step> steps) {

    /**
     * @param segment     1, 2, …
     * @param answer      the highest-scoring token at every position
     * @param confidence  the mean over positions of the answer's softmax probability
     * @param qHalt       the halting head's "stop" logit, NaN without a halting head
     * @param qContinue   HRM's "continue" logit, NaN without one
     * @param wouldHalt   whether the halting head says stop here (q_halt &gt; q_continue, or &gt; 0)
     * @param stateNorms  root-mean-square of each carried state after the segment
     */
    public record Step(int segment, int[] answer, double confidence, double qHalt, double qContinue,
                       boolean wouldHalt, Map<String, Double> stateNorms) {
    }

    public Trajectory {
        steps = List.copyOf(steps);
    }

    /** Runs {@code segments} segments of the model on one puzzle's input tokens, recording nothing for backward. */
    public static Trajectory run(RefinementModel model, int[] inputs, int segments) {
        if (inputs.length != model.seqLen()) {
            throw new IllegalArgumentException("one puzzle of " + model.seqLen() + " tokens expected, got "
                    + inputs.length);
        }
        List<Step> steps = new ArrayList<>();
        Carry carry = model.initialCarry(1);
        for (int seg = 1; seg <= segments; seg++) {
            Tape tape = new Tape();
            Carry from = carry;
            SegmentOutput out = tape.noGrad(() -> model.segment(tape, from, inputs));
            carry = out.carry();
            DMatrixRMaj logits = out.logits().value();
            int[] answer = new int[logits.numRows];
            double confidence = 0;
            for (int r = 0; r < logits.numRows; r++) {
                int best = 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < logits.numCols; c++) {
                    if (logits.get(r, c) > max) {
                        max = logits.get(r, c);
                        best = c;
                    }
                }
                double total = 0;
                for (int c = 0; c < logits.numCols; c++) {
                    total += Math.exp(logits.get(r, c) - max);
                }
                answer[r] = best;
                confidence += 1 / total;
            }
            double qHalt = out.qHalt() == null ? Double.NaN : out.qHalt().get(0, 0);
            double qContinue = out.qContinue() == null ? Double.NaN : out.qContinue().get(0, 0);
            boolean halt = out.qHalt() != null && (out.qContinue() != null ? qHalt > qContinue : qHalt > 0);
            steps.add(new Step(seg, answer, confidence / logits.numRows, qHalt, qContinue, halt,
                    carry.rmsNorms()));
        }
        return new Trajectory(steps);
    }

    /** The answer after the last segment. */
    public int[] finalAnswer() {
        return steps.get(steps.size() - 1).answer();
    }

    /** The first segment at which the halting head says stop, or the last segment. */
    public int haltingSegment() {
        for (Step s : steps) {
            if (s.wouldHalt()) {
                return s.segment();
            }
        }
        return steps.size();
    }
}
