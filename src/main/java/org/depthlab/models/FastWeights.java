package org.depthlab.models;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.tensor.DeltaRule;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.tensor.UnitRows;
import org.ejml.data.DMatrixRMaj;

/**
 * A fast-weight memory consolidated by sleep passes: the model of the book's chapter 12, after
 * Lee, McLeish, Goldstein and Fanti (2026, "Language Models Need Sleep"): when the context is
 * full, N recurrent passes that read <em>no input token</em> rewrite a per-sequence memory by a
 * local rule; then the context is dropped and questions are answered from the memory alone.
 * The local rule here is the delta rule of Schlag, Irie and Schmidhuber (2021), the standard
 * one (the paper's own rule is not reproduced; see book/references.md, [Sleep]).
 *
 * <p>Symbols as in the chapter: h_i the state of fact i (a slot of the context), W the d × d
 * memory of one sequence (not a parameter: it starts at 0 for every sequence), N the sleep
 * passes.
 * <pre>
 *   wake      h_i = U·[E_a ; E_b] + c                    every fact's tokens, read once
 *             W   = write(0, h_1 … h_n)
 *   sleep ×N  r_i = W·unit(R·h_i)                        read the memory from each slot
 *             h_i ← h_i + core([h_i ; r_i])              core: Linear, SiLU, Linear
 *             W   ← write(W, h_1 … h_n)
 *   drop      keep W, forget the h_i and the tokens
 *   question  logits = O·(W·unit(Q·E_s)) + o
 *
 *   write(W, h_1 … h_n): for i = 1 … n, k = unit(K·h_i), v = V·h_i, β = σ(b·h_i + b₀),
 *                        W ← W + β·(v − W·k)·kᵀ                        (the delta rule)
 * </pre>
 * Keys and queries have unit length, so a write with β near 1 stores its value exactly at its
 * key. Training back-propagates through every sleep pass and every write (no truncation): the
 * tape keeps each write's memory, so training memory grows with N·n while the memory kept
 * after the drop is d × d whatever n.
 *
 * <p>The {@link RecallConfig.Kind#REREADING} kind is the contrast of the claim that a sleep pass
 * reads no input token: each of its passes adds the facts' freshly read states back in
 * (h_i ← h_i + core(…) + U·[E_a ; E_b] + c), as a looped model re-injects its input.
 */
public final class FastWeights implements Recall {

    private final RecallConfig config;
    private final FactSlots slots;
    private final Linear key;
    private final Linear value;
    private final Linear strength;
    private final Linear readKey;
    private final Linear coreIn;
    private final Linear coreOut;
    private final Linear query;
    private final Linear out;

    FastWeights(RecallConfig config, long seed) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        int h = config.width();
        int d = config.keyWidth();
        this.slots = new FactSlots(config, rng);
        this.key = new Linear("write.key", h, d, true, rng);
        this.value = new Linear("write.value", h, d, true, rng);
        this.strength = new Linear("write.beta", h, 1, true, rng);
        this.readKey = new Linear("sleep.read_key", h, d, true, rng);
        this.coreIn = new Linear("sleep.core_in", h + d, config.coreWidth(), true, rng);
        this.coreOut = new Linear("sleep.core_out", config.coreWidth(), h, true, rng);
        this.query = new Linear("query", config.embed(), d, true, rng);
        this.out = new Linear("out", d, config.nodes(), true, rng);
    }

    @Override
    public RecallConfig config() {
        return config;
    }

    @Override
    public Context read(Tape tape, int[] subjects, int[] objects, int sequences) {
        Recall.factsPerSequence(subjects, objects, sequences, config.nodes());
        Tensor h = slots.states(tape, subjects, objects);
        int d = config.keyWidth();
        Tensor empty = Tensor.constant(new DMatrixRMaj(sequences * d, d));
        return new Context(subjects, objects, sequences, h, write(tape, empty, h, subjects.length / sequences));
    }

    /** The delta rule over every slot in the context's order: k, v and β from each slot's state. */
    private Tensor write(Tape tape, Tensor memory, Tensor h, int facts) {
        Tensor k = UnitRows.normalize(tape, key.forward(tape, h));
        Tensor v = value.forward(tape, h);
        Tensor beta = tape.sigmoid(strength.forward(tape, h));
        return DeltaRule.write(tape, memory, k, v, beta, facts);
    }

    /** One sleep pass: every slot reads the memory, the core updates it, the memory is rewritten. */
    public Context sleep(Tape tape, Context context) {
        int facts = context.facts();
        Tensor h = context.states();
        Tensor r = DeltaRule.read(tape, context.memory(), UnitRows.normalize(tape, readKey.forward(tape, h)), facts);
        Tensor update = coreOut.forward(tape, tape.silu(coreIn.forward(tape, tape.concat(h, r))));
        Tensor next = tape.add(h, update);
        if (config.kind() == RecallConfig.Kind.REREADING) {
            next = tape.add(next, slots.states(tape, context.subjects(), context.objects()));
        }
        next = tape.countLayer(next);
        return context.with(next, write(tape, context.memory(), next, facts));
    }

    /** N sleep passes, then the drop: only the memory is kept. */
    @Override
    public Kept consolidate(Tape tape, Context context) {
        for (int pass = 0; pass < config.passes(); pass++) {
            context = sleep(tape, context);
        }
        return new Kept(List.of(context.memory()), context.sequences());
    }

    @Override
    public Tensor answer(Tape tape, Kept kept, int[] queries, int perSequence) {
        Tensor q = UnitRows.normalize(tape, query.forward(tape, slots.embed(tape, queries)));
        return out.forward(tape, DeltaRule.read(tape, kept.tensors().get(0), q, perSequence));
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(slots, key, value, strength, readKey, coreIn, coreOut, query, out);
    }
}
