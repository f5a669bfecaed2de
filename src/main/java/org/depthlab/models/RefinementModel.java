package org.depthlab.models;

import org.depthlab.nn.Module;
import org.depthlab.tensor.Tape;

/**
 * The contract every refinement model keeps — Transformer, LoopedTransformer, Hrm, Trm, and a
 * reader's own: map an encoded puzzle to an answer at every position, one supervision
 * segment at a time, starting each segment from the carry the previous one left.
 *
 * <p>Inputs are token ids, {@code sequences · seqLen} of them, sequence after sequence (PAD = 0
 * as in the HRM datasets). Training, evaluation, the claims and the demos use nothing else,
 * so a new architecture is one class implementing this interface.
 */
public interface RefinementModel extends Module {

    /** The configuration the model was built from (saved with its checkpoints). */
    ModelConfig config();

    /** The token vocabulary size (the logits' width). */
    default int vocab() {
        return config().vocab();
    }

    /** Positions per sequence. */
    default int seqLen() {
        return config().seqLen();
    }

    /**
     * Positions per sequence in the model's states (the carry's rows per sequence): the
     * puzzle's, plus any the model keeps in front of it (HRM's puzzle-embedding prefix).
     */
    default int statePositions() {
        return seqLen();
    }

    /** The carry a sequence starts from (HRM: its fixed random initial states, broadcast). */
    Carry initialCarry(int sequences);

    /**
     * One supervision segment: the model's refinement from {@code carry} on these inputs.
     * Run it on a tape to train (its gradient is whatever the model's scheme says — HRM's
     * one-step gradient, TRM's last full recursion), or inside {@link Tape#noGrad} to infer.
     */
    SegmentOutput segment(Tape tape, Carry carry, int[] inputs);

    /**
     * The segment as training runs it, with the answer at hand. Refinement models do not
     * look at the targets (this is {@link #segment}); a model trained with teacher forcing —
     * an autoregressive decoder, which reads the answer's previous tokens — overrides it.
     */
    default SegmentOutput trainingSegment(Tape tape, Carry carry, int[] inputs, int[] targets) {
        return segment(tape, carry, inputs);
    }

    /**
     * The segment as training runs it, with the answer and a seed for every sequence's random
     * numbers at hand ({@link NoiseSeeds}): a stochastic model ({@link StochasticModel}) draws its
     * noise from them, and may return a regulariser to add to the loss
     * ({@link SegmentOutput#regulariser()}). Every other model ignores the seeds.
     */
    default SegmentOutput trainingSegment(Tape tape, Carry carry, int[] inputs, int[] targets, long[] seeds) {
        return trainingSegment(tape, carry, inputs, targets);
    }

    /** Layer applications (Block calls) on the longest path through one segment. */
    int layerApplicationsPerSegment();

    /** Whether the model has a halting head (its segments report {@code qHalt}). */
    default boolean halts() {
        return false;
    }

    /** Checks inputs against the model's shape; returns the number of sequences. */
    default int sequencesIn(int[] inputs) {
        if (inputs.length == 0 || inputs.length % seqLen() != 0) {
            throw new IllegalArgumentException(inputs.length + " tokens are not a whole number of sequences of "
                    + seqLen());
        }
        return inputs.length / seqLen();
    }
}
