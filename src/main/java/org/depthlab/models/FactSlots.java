package org.depthlab.models;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.Embedding;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * How the recall models read a fact "a → b": one state per fact, h = U·[E_a ; E_b] + c, from a
 * table E of node embeddings ({@code embed_tokens}, e wide, entries of unit scale) and a
 * linear map U ({@code slot}). The table is also how a question's node is read, so reading a
 * token always goes through {@link #embed} — the one lookup of the table — which is what the
 * claim "a sleep pass reads no input token" watches.
 */
final class FactSlots implements Module {

    private final Embedding table;
    private final Linear slot;

    FactSlots(RecallConfig config, SplittableRandom rng) {
        this.table = new Embedding("embed_tokens", config.nodes(), config.embed(), 1.0, rng);
        this.slot = new Linear("slot", 2 * config.embed(), config.width(), true, rng);
    }

    /** E[nodes]: one row per node, (count × e). */
    Tensor embed(Tape tape, int[] nodes) {
        return table.forward(tape, nodes);
    }

    /** h_i = U·[E_{a_i} ; E_{b_i}] + c for every fact, (B·n) × width. */
    Tensor states(Tape tape, int[] subjects, int[] objects) {
        return slot.forward(tape, tape.concat(embed(tape, subjects), embed(tape, objects)));
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(table, slot);
    }
}
