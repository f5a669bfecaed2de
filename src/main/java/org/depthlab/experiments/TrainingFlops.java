package org.depthlab.experiments;

import java.util.List;
import org.depthlab.models.Carry;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Tokens;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.train.TrainConfig;
import org.ejml.data.DMatrixRMaj;

/**
 * What one training update costs, counted by the {@link Meter}: the currency of the lab's
 * equal-FLOPs budgets (each model trains for budget ÷ its FLOPs per update).
 *
 * <p>An update of {@link org.depthlab.train.Trainer} is one supervision segment for a batch:
 * <pre>
 *   forward   the training segment (with its steps under no-grad: HRM's hidden steps, TRM's
 *             first recursions), the answer loss, the halting loss
 *             + for HRM, one more segment under no-grad for the Q-learning target
 *   backward  through the ops recorded for it
 * </pre>
 * The Meter counts the forward FLOPs of every op, and separately those of the ops recorded for
 * backward ({@link Meter#recordedFlops()}). The backward of a recorded op costs about twice
 * its forward — a product Y = XW needs ∂X = ∂Y·Wᵀ and ∂W = Xᵀ·∂Y, two products of the same
 * size; Kaplan et al. 2020 (arXiv 2001.08361, §2.1) use the same 2× — so
 * <pre>
 *   training FLOPs per update = forward + 2 · recorded
 * </pre>
 * This is why the one-step gradient is cheap: HRM's no-grad steps are charged once, a loop
 * that back-propagates through every step is charged three times. The optimizer's own
 * arithmetic (about ten FLOPs per parameter) is left out, as is evaluation.
 *
 * <p>FLOPs depend on the shapes only, not on the values, so one update on a sample batch
 * measures every update of the run, and a run measures the same on any machine.
 *
 * @param forward  forward FLOPs of one update (everything computed, recorded or not)
 * @param recorded the part of {@code forward} recorded for backward
 */
public record TrainingFlops(long forward, long recorded) {

    /** Forward plus twice the recorded part: what the lab charges an update. */
    public long perUpdate() {
        return forward + 2 * recorded;
    }

    /**
     * Runs the forward of one training update of {@code model} on a batch of {@code config.batch()}
     * puzzles drawn from {@code sample} (cycled) on a metered tape, without changing any weight.
     */
    public static TrainingFlops measure(RefinementModel model, TrainConfig config, List<Puzzle> sample) {
        if (sample.isEmpty()) {
            throw new IllegalArgumentException("no puzzles to measure an update on");
        }
        int batch = config.batch();
        int seqLen = model.seqLen();
        int[] inputs = new int[batch * seqLen];
        int[] targets = new int[batch * seqLen];
        for (int s = 0; s < batch; s++) {
            Puzzle p = sample.get(s % sample.size());
            System.arraycopy(p.inputTokens(), 0, inputs, s * seqLen, seqLen);
            System.arraycopy(p.targetTokens(), 0, targets, s * seqLen, seqLen);
        }
        Meter meter = new Meter();
        Tape tape = Tape.metered(meter);
        SegmentOutput out = model.trainingSegment(tape, model.initialCarry(batch), inputs, targets);
        // The losses as the Trainer computes them (their FLOPs are small, but they are counted).
        Tensor loss = config.loss().equals("stablemax")
                ? tape.stablemaxCrossEntropy(out.logits(), targets, Tokens.PAD)
                : tape.softmaxCrossEntropy(out.logits(), targets, Tokens.PAD);
        if (out.regulariser() != null) {
            loss = tape.add(loss, out.regulariser());
        }
        if (out.qHalt() != null) {
            Tensor q = tape.binaryCrossEntropyWithLogits(out.qHalt(), new DMatrixRMaj(batch, 1));
            if (out.qContinue() != null && config.maxSegments() > 1) {
                // HRM's Q-learning target: one more segment, recording nothing.
                Carry next = out.carry();
                tape.noGrad(() -> model.segment(tape, next, inputs));
                q = tape.add(q, tape.binaryCrossEntropyWithLogits(out.qContinue(), new DMatrixRMaj(batch, 1)));
            }
            loss = tape.add(loss, tape.scale(q, 0.5));
        }
        return new TrainingFlops(meter.flops(), meter.recordedFlops());
    }
}
