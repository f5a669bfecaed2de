package org.depthlab.models;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * The upper bound of the consolidation chapter: the context is never dropped. Every fact's
 * key and value stay (a KV cache), and a question attends over them, once per read:
 * <pre>
 *   wake      h_i = U·[E_a ; E_b] + c,   k_i = K·h_i,   v_i = V·h_i      kept: all k_i, v_i
 *   question  q = Q·E_s + c_q
 *             R times:  a = softmax(q·kᵀ/√d)·v,   q ← q + core([q ; a])
 *             logits = O·q + o
 * </pre>
 * Each read follows one fact, so R reads can follow R hops at question time. What it keeps
 * grows with the context (2·d numbers per fact) and so does each read's cost, which is the
 * trade the fast-weight model avoids by doing its work before the drop.
 */
public final class KeptContext implements Recall {

    private final RecallConfig config;
    private final FactSlots slots;
    private final Linear key;
    private final Linear value;
    private final Linear query;
    private final Linear coreIn;
    private final Linear coreOut;
    private final Linear out;

    KeptContext(RecallConfig config, long seed) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        int h = config.width();
        int d = config.keyWidth();
        this.slots = new FactSlots(config, rng);
        this.key = new Linear("cache.key", h, d, true, rng);
        this.value = new Linear("cache.value", h, d, true, rng);
        this.query = new Linear("query", config.embed(), d, true, rng);
        this.coreIn = new Linear("read.core_in", 2 * d, config.coreWidth(), true, rng);
        this.coreOut = new Linear("read.core_out", config.coreWidth(), d, true, rng);
        this.out = new Linear("out", d, config.nodes(), true, rng);
    }

    @Override
    public RecallConfig config() {
        return config;
    }

    @Override
    public Context read(Tape tape, int[] subjects, int[] objects, int sequences) {
        Recall.factsPerSequence(subjects, objects, sequences, config.nodes());
        return new Context(subjects, objects, sequences, slots.states(tape, subjects, objects), null);
    }

    /** Nothing happens before the (absent) drop: the facts' keys and values are kept. */
    @Override
    public Kept consolidate(Tape tape, Context context) {
        Tensor h = context.states();
        return new Kept(List.of(key.forward(tape, h), value.forward(tape, h)), context.sequences());
    }

    @Override
    public Tensor answer(Tape tape, Kept kept, int[] queries, int perSequence) {
        Tensor k = kept.tensors().get(0);
        Tensor v = kept.tensors().get(1);
        int facts = k.rows() / kept.sequences();
        Tensor q = query.forward(tape, slots.embed(tape, queries));
        for (int t = 0; t < config.passes(); t++) {
            Tensor a = tape.attention(q, k, v, perSequence, facts, 1, AttentionMask.full());
            q = tape.countLayer(tape.add(q, coreOut.forward(tape, tape.silu(coreIn.forward(tape, tape.concat(q, a))))));
        }
        return out.forward(tape, q);
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(slots, key, value, query, coreIn, coreOut, out);
    }
}
