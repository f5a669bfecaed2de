package org.depthlab.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * A table of learned vectors, one row per token id: x_p = E[token_p]. Its backward is the
 * gather's scatter-add, so a token used twice gets both gradients.
 *
 * <p>HRM initialises the token table truncated-normal with std 1/√hidden and multiplies the
 * looked-up rows by √hidden, so the input starts at unit scale ([HRM]'s code).
 */
public final class Embedding implements Module {

    private final Tensor table;

    /** @param name prefix: the parameter is {@code name.weight} (vocab × dim) */
    public Embedding(String name, int vocab, int dim, double initStd, SplittableRandom rng) {
        this.table = Tensor.parameter(name + ".weight", Init.truncatedNormal(vocab, dim, initStd, rng));
    }

    /** Row i of the result is the table row of {@code ids[i]}. */
    public Tensor forward(Tape tape, int[] ids) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= table.rows()) {
                throw new IllegalArgumentException("token id " + ids[i] + " at " + i
                        + " is outside the vocabulary 0.." + (table.rows() - 1));
            }
        }
        return tape.gather(table, ids);
    }

    /**
     * The same lookup with ids that were computed (a column of token ids, e.g. from
     * {@link Tape#choose}): the rows depend on the ids for depth, not for gradient.
     */
    public Tensor forward(Tape tape, Tensor ids) {
        return tape.gather(table, ids);
    }

    public int vocab() {
        return table.rows();
    }

    public int dim() {
        return table.cols();
    }

    @Override
    public List<Tensor> parameters() {
        return List.of(table);
    }
}
