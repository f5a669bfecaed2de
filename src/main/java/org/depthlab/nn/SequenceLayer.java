package org.depthlab.nn;

import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * A layer that maps a batch of sequences to a batch of sequences of the same shape:
 * rows are (sequence, position), columns features. {@link Block} mixes positions with
 * attention, {@link MixerBlock} with an MLP across positions; a {@link Stack} applies layers
 * of either kind one after the other.
 */
public interface SequenceLayer extends Module {

    /** One application to every sequence of {@code seqLen} consecutive rows of x. */
    Tensor forward(Tape tape, Tensor x, int seqLen);
}
