package org.depthlab.models;

import java.util.List;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * A refinement model that is another one in everything it does not override: the base of a
 * wrapper that watches or changes one thing — counts the segments a puzzle goes through, runs
 * them under no-grad, records what the halting head said — and is the wrapped model otherwise
 * (its configuration, carry, state positions, depth, halting head and weights).
 *
 * <p>{@link #trainingSegment} is not forwarded: its default calls {@link #segment}, so a wrapper
 * that overrides {@code segment} sees training through it as well.
 */
public abstract class ForwardingModel implements RefinementModel {

    /** The model every call not overridden goes to. */
    protected final RefinementModel model;

    protected ForwardingModel(RefinementModel model) {
        this.model = model;
    }

    @Override
    public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
        return model.segment(tape, carry, inputs);
    }

    @Override
    public ModelConfig config() {
        return model.config();
    }

    @Override
    public int vocab() {
        return model.vocab();
    }

    @Override
    public int seqLen() {
        return model.seqLen();
    }

    @Override
    public int statePositions() {
        return model.statePositions();
    }

    @Override
    public Carry initialCarry(int sequences) {
        return model.initialCarry(sequences);
    }

    @Override
    public int layerApplicationsPerSegment() {
        return model.layerApplicationsPerSegment();
    }

    @Override
    public boolean halts() {
        return model.halts();
    }

    @Override
    public List<Tensor> parameters() {
        return model.parameters();
    }

    @Override
    public List<Tensor> buffers() {
        return model.buffers();
    }
}
