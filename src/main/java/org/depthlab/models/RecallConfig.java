package org.depthlab.models;

import java.util.Locale;
import org.depthlab.BadInputException;

/**
 * The shape of a model for recall after the context is dropped ({@link Recall}): which kind,
 * and its sizes. Defaults ({@link #of}) are the book's: node embeddings of 16, slot states of
 * 32, a 32 × 32 fast-weight memory and a core of 64 hidden units.
 *
 * @param kind        which model
 * @param nodes       m, the node vocabulary
 * @param embed       e, the width of a node's embedding
 * @param width       the width of a fact's state (a slot), and of the attention model's query
 * @param keyWidth    d: keys, values and queries; the fast-weight memory is d × d
 * @param coreWidth   the hidden width of the recurrent core (the sleep pass, the attention read)
 * @param passes      fast weights: N, sleep passes before the drop; kept context: attention
 *                    reads per question; 0 allowed for both
 */
public record RecallConfig(Kind kind, int nodes, int embed, int width, int keyWidth, int coreWidth, int passes) {

    /** The kinds of model the consolidation chapter compares. */
    public enum Kind {
        /** A fast-weight memory written while reading, then N sleep passes that read no token. */
        FAST_WEIGHTS("fast-weights"),
        /**
         * The same, but every sleep pass reads the context's tokens again (input injection, as
         * a looped model does): the contrast of the claim that a sleep pass reads no token.
         */
        REREADING("rereading"),
        /** No drop: the facts' keys and values stay, and each question attends over them. */
        KEPT_CONTEXT("kept-context"),
        /** Nothing is kept: the question alone. */
        NO_MEMORY("no-memory");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** The name the command line uses. */
        public String label() {
            return label;
        }

        /** Reads a label. */
        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label.equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new BadInputException("the model must be fast-weights, rereading, kept-context or no-memory, not '"
                    + s + "'.");
        }
    }

    public RecallConfig {
        if (kind == null) {
            throw new BadInputException("a recall model needs a kind.");
        }
        if (nodes < 2 || embed < 1 || width < 1 || keyWidth < 1 || coreWidth < 1 || passes < 0) {
            throw new BadInputException(kind.label() + ": need nodes >= 2, positive widths and passes >= 0; got nodes "
                    + nodes + ", embed " + embed + ", width " + width + ", key width " + keyWidth + ", core width "
                    + coreWidth + ", passes " + passes);
        }
    }

    /** The book's sizes for this kind, m nodes and N passes. */
    public static RecallConfig of(Kind kind, int nodes, int passes) {
        return new RecallConfig(kind, nodes, 16, 32, 32, 64, passes);
    }

    /** The same with other widths (embedding, slot, key, core). */
    public RecallConfig withWidths(int embed, int width, int keyWidth, int coreWidth) {
        return new RecallConfig(kind, nodes, embed, width, keyWidth, coreWidth, passes);
    }

    /** The same with N passes. */
    public RecallConfig withPasses(int passes) {
        return new RecallConfig(kind, nodes, embed, width, keyWidth, coreWidth, passes);
    }

    /** The same sizes, another kind of model. */
    public RecallConfig withKind(Kind kind) {
        return new RecallConfig(kind, nodes, embed, width, keyWidth, coreWidth, passes);
    }

    /** A fresh model with weights drawn from {@code seed}. */
    public Recall build(long seed) {
        return switch (kind) {
            case FAST_WEIGHTS, REREADING -> new FastWeights(this, seed);
            case KEPT_CONTEXT -> new KeptContext(this, seed);
            case NO_MEMORY -> new QueryOnly(this, seed);
        };
    }

    /** "fast-weights, N = 2" and the like, for tables. */
    public String label() {
        return switch (kind) {
            case FAST_WEIGHTS, REREADING -> kind.label() + ", N = " + passes;
            case KEPT_CONTEXT -> kind.label() + ", " + passes + (passes == 1 ? " read" : " reads");
            case NO_MEMORY -> kind.label();
        };
    }
}
