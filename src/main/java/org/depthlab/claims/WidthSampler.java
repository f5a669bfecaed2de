package org.depthlab.claims;

import org.depthlab.models.RefinementModel;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * What the width claims are about: a way of running n samples of one puzzle. The project's
 * own ({@link WidthFamilies#parallel()}) is {@link org.depthlab.train.Width#run}: n rows of one
 * batch, sample i seeded by (base, i); the contrasts draw fresh seeds for every n, or run the
 * samples one after another.
 */
public interface WidthSampler {

    /** The model sampled. */
    RefinementModel model();

    /**
     * n samples of {@code puzzle}, {@code segments} segments each, on {@code tape} (recording
     * nothing).
     *
     * @param base the base seed of the draw
     * @return the final logits of every sample, sample after sample ((n · seqLen) × vocab)
     */
    Tensor run(Tape tape, int[] puzzle, int n, int segments, long base);
}
