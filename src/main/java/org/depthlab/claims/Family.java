package org.depthlab.claims;

import java.util.Objects;

/**
 * A class of models that a claim quantifies over, given as a way to draw a random member:
 * its sizes (layers, loops, cycles, width) and its weights come from a seed, and the same seed
 * gives the same model. A claim draws many members and checks each.
 *
 * <p>The claim asks for a vocabulary and a sequence length, so that it can vary them (a depth
 * claim checks that depth does not change with length; a decoder must fit the puzzle it
 * decodes). A family may ignore the request — a reader's model built for one puzzle size,
 * say — and claims read the shape from the model they get. How large the requests may grow
 * is the family's {@link Scale}.
 *
 * @param name  the model's name in the claims table (and for {@code --model})
 * @param draws how to draw a member
 * @param scale the largest sizes the claims ask for ({@link Scale#DEFAULT} unless raised)
 * @param <M>   what a member is: a refinement model, a decoder, a map on sequences, …
 */
public record Family<M>(String name, Draws<M> draws, Scale scale) {

    /** Draws one member of a family. */
    @FunctionalInterface
    public interface Draws<M> {
        /**
         * @param seed   sizes and weights come from it
         * @param vocab  the vocabulary the claim would like
         * @param length the number of positions the claim would like
         */
        M draw(long seed, int vocab, int length);
    }

    public Family {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(draws, "draws");
        Objects.requireNonNull(scale, "scale");
    }

    /** A family drawn at the default scale. */
    public Family(String name, Draws<M> draws) {
        this(name, draws, Scale.DEFAULT);
    }

    /** One member: {@code draws.draw(seed, vocab, length)}. */
    public M draw(long seed, int vocab, int length) {
        return draws.draw(seed, vocab, length);
    }

    /** The same family, drawn up to other sizes. */
    public Family<M> withScale(Scale newScale) {
        return new Family<>(name, draws, newScale);
    }
}
