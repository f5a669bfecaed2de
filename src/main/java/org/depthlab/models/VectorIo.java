package org.depthlab.models;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The vector input/output head, beside {@link TokenIo}: where a token model looks its input up
 * in a table and scores a vocabulary, a model of real numbers maps each position's features to
 * the state's width and reads one number back out.
 * <pre>
 *   x  = features · W_inᵀ + b_in        (S·P) × F  →  (S·P) × h
 *   x̂ = z · W_outᵀ + b_out              (S·P) × h  →  (S·P) × 1
 * </pre>
 * Both are plain linear maps ({@code vector_in}, {@code vector_out}), initialised like every
 * linear of the project (truncated LeCun normal, biases 0), so that unit-scale features give a
 * unit-scale x as the token head's √h·embedding does. Nothing else of the models changes:
 * the recurrences of {@link VectorRefiner} are those of the transformer, the looped model and
 * HRM, run on this x.
 */
public final class VectorIo implements Module {

    private final Linear in;
    private final Linear out;

    /** A head from {@code features} numbers per position to width {@code hidden} and back to one number. */
    public VectorIo(int features, int hidden, SplittableRandom rng) {
        this.in = new Linear("vector_in", features, hidden, true, rng);
        this.out = new Linear("vector_out", hidden, 1, true, rng);
    }

    /** x: the input injected into the recurrence, (S·P) × h. */
    public Tensor embed(Tape tape, DMatrixRMaj features) {
        return in.forward(tape, Tensor.constant(features));
    }

    /** x̂: one number per position read from a state, (S·P) × 1. */
    public Tensor readout(Tape tape, Tensor z) {
        return out.forward(tape, z);
    }

    /** The features per position it reads. */
    public int features() {
        return in.in();
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(in, out);
    }
}
