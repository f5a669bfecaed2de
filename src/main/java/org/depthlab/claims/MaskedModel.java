package org.depthlab.claims;

import org.depthlab.nn.Module;
import org.depthlab.train.WeightMask;

/**
 * A model with a mask over some of its weights: the instances of the mask-algebra claim.
 *
 * @param model the model (its weights are read, masked and restored, never trained)
 * @param mask  a mask over some of its parameters
 */
public record MaskedModel(Module model, WeightMask mask) {
}
