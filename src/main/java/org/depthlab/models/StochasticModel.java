package org.depthlab.models;

import org.depthlab.tensor.Tape;

/**
 * A refinement model whose segments can draw random numbers ({@link Gram}): besides the
 * deterministic {@link #segment} every refinement model has, a segment in which sequence s
 * draws its noise from {@code seeds[s]} alone. Running a puzzle N times with N seeds, as N rows
 * of one batch, is width at inference (the training package's {@code Width}); with the same seeds
 * the same samples come back, bit for bit.
 *
 * <p>{@link #segment} (no seeds) takes every random step at its mean: the model's one
 * deterministic trajectory, which the training loop's held-out evaluation, the claims and the
 * demos run.
 */
public interface StochasticModel extends RefinementModel {

    /** One segment (at inference) in which sequence s draws its noise from {@code seeds[s]}. */
    SegmentOutput sample(Tape tape, Carry carry, int[] inputs, long[] seeds);
}
