package org.depthlab.models;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.Embedding;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * The lower bound of the consolidation chapter: nothing survives the drop, and a question is
 * answered from its own node alone, logits = O·E_s + o. It can learn what the question itself
 * tells (a node is its own root more often than any other node is), no more.
 */
public final class QueryOnly implements Recall {

    private final RecallConfig config;
    private final Embedding table;
    private final Linear out;

    QueryOnly(RecallConfig config, long seed) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        this.table = new Embedding("embed_tokens", config.nodes(), config.embed(), 1.0, rng);
        this.out = new Linear("out", config.embed(), config.nodes(), true, rng);
    }

    @Override
    public RecallConfig config() {
        return config;
    }

    /** The facts are read (they are given), but nothing is made of them. */
    @Override
    public Context read(Tape tape, int[] subjects, int[] objects, int sequences) {
        Recall.factsPerSequence(subjects, objects, sequences, config.nodes());
        return new Context(subjects, objects, sequences, null, null);
    }

    @Override
    public Kept consolidate(Tape tape, Context context) {
        return new Kept(List.of(), context.sequences());
    }

    @Override
    public Tensor answer(Tape tape, Kept kept, int[] queries, int perSequence) {
        return out.forward(tape, table.forward(tape, queries));
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(table, out);
    }
}
