package org.depthlab.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * A linear map y = x·Wᵀ (+ b), with W stored out × in as in PyTorch so weights move between
 * the two unchanged. HRM's linears have no bias, so the bias is off unless asked for.
 * W starts truncated LeCun normal (std 1/√in), b at zero.
 */
public final class Linear implements Module {

    private final Tensor weight;
    private final Tensor bias;

    /**
     * @param name prefix of the parameter names: {@code name.weight}, {@code name.bias}
     */
    public Linear(String name, int in, int out, boolean bias, SplittableRandom rng) {
        this.weight = Tensor.parameter(name + ".weight", Init.truncatedLecunNormal(out, in, in, rng));
        this.bias = bias ? Tensor.parameter(name + ".bias", new DMatrixRMaj(1, out)) : null;
    }

    /** y = x·Wᵀ + b for every row x. */
    public Tensor forward(Tape tape, Tensor x) {
        Tensor y = tape.matmulTransB(x, weight);            // (N × in)·(out × in)ᵀ = N × out
        return bias == null ? y : tape.addRow(y, bias);
    }

    public Tensor weight() {
        return weight;
    }

    public int in() {
        return weight.cols();
    }

    public int out() {
        return weight.rows();
    }

    @Override
    public List<Tensor> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }
}
