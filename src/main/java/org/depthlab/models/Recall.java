package org.depthlab.models;

import java.util.List;
import org.depthlab.nn.Module;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * A model that reads a context of facts, keeps something when the context is dropped, and
 * answers questions from what it kept — the shape of the consolidation chapter's comparison
 * (fast weights after N sleep passes, attention over a context that is never dropped, and
 * nothing at all). Three phases, each on the tape it is given:
 * <pre>
 *   context = read(facts)            wake: the facts' tokens are read, once
 *   kept    = consolidate(context)   before the cache is cleared; what survives the drop
 *   logits  = answer(kept, queries)  the questions, after the drop
 * </pre>
 * Facts come as {@code sequences · n} subject and object nodes, sequence after sequence;
 * questions as {@code sequences · perSequence} nodes; logits are one row per question over the
 * m nodes.
 */
public sealed interface Recall extends Module permits FastWeights, KeptContext, QueryOnly {

    /** The configuration the model was built from. */
    RecallConfig config();

    /** Wake: reads the facts' tokens (the only phase that reads a fact's token). */
    Context read(Tape tape, int[] subjects, int[] objects, int sequences);

    /** What the model does before the context is dropped, and what it keeps. */
    Kept consolidate(Tape tape, Context context);

    /** One row of logits over the nodes per question, from what was kept alone. */
    Tensor answer(Tape tape, Kept kept, int[] queries, int perSequence);

    /**
     * The context while it is still there: the facts' tokens (the cache holds them) and what
     * reading made of them.
     *
     * @param subjects  the facts' subjects, (sequences · facts)
     * @param objects   the facts' objects
     * @param sequences B
     * @param states    one state per fact, (B · facts) × width, or null
     * @param memory    the fast-weight memories, (B · d) × d, or null
     */
    record Context(int[] subjects, int[] objects, int sequences, Tensor states, Tensor memory) {

        /** Facts per sequence. */
        public int facts() {
            return subjects.length / sequences;
        }

        /** The same context with new states and memory (a sleep pass's result). */
        public Context with(Tensor newStates, Tensor newMemory) {
            return new Context(subjects, objects, sequences, newStates, newMemory);
        }
    }

    /**
     * What survives the drop: the tensors the questions are answered from, nothing else.
     *
     * @param tensors   the kept tensors (fast weights: the memory W; kept context: its keys and
     *                  values; no memory: none)
     * @param sequences B
     */
    record Kept(List<Tensor> tensors, int sequences) {

        public Kept {
            tensors = List.copyOf(tensors);
        }

        /** Numbers kept per sequence after the drop. */
        public long valuesPerSequence() {
            long n = 0;
            for (Tensor t : tensors) {
                n += t.value().getNumElements();
            }
            return n / sequences;
        }
    }

    /** Checks that facts form {@code sequences} whole sequences; returns the facts per sequence. */
    static int factsPerSequence(int[] subjects, int[] objects, int sequences, int nodes) {
        if (sequences < 1 || subjects.length == 0 || subjects.length % sequences != 0
                || objects.length != subjects.length) {
            throw new IllegalArgumentException(subjects.length + " subjects and " + objects.length
                    + " objects are not the facts of " + sequences + " sequences");
        }
        for (int i = 0; i < subjects.length; i++) {
            if (subjects[i] < 0 || subjects[i] >= nodes || objects[i] < 0 || objects[i] >= nodes) {
                throw new IllegalArgumentException("fact " + i + " (" + subjects[i] + " -> " + objects[i]
                        + ") names a node outside 0.." + (nodes - 1));
            }
        }
        return subjects.length / sequences;
    }
}
