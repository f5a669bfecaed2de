package org.depthlab.claims;

import java.util.Locale;
import java.util.TreeSet;
import org.depthlab.models.Recall;
import org.depthlab.tasks.FactChains;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * Memory after consolidation is independent of the context's length: what a fast-weight
 * model keeps when the context is dropped is its d × d memory, whatever number of facts it
 * read, and so a question costs the same after a long context as after a short one. The check
 * reads contexts of n = 2, 3 and more facts, up to the family's bound (stories on the first n
 * nodes of the model's vocabulary),
 * consolidates, drops, and asks one question per sequence; it compares, as integers, the
 * numbers kept per sequence, the FLOPs the meter counts for the question, and the question's
 * own depth (how many ops its answer lies beyond what was kept: the memory itself lies deeper
 * after a longer context, because its writes are sequential, but that work is done before the
 * drop). A
 * model that keeps its context (attention over the facts' keys and values) keeps 2·d numbers
 * more for every fact, and each read of them costs more.
 */
public final class ConsolidatedMemory implements Claim<Recall> {

    private static final int SHORTEST = 2;
    private static final int MORE_LENGTHS = 3;

    @Override
    public About about() {
        return new About("memory after the drop",
                "What survives the drop, and the cost of a question after it, are the same whatever the context's"
                        + " length.",
                "fast-weight models (the memory is d x d)", Rigor.exact());
    }

    @Override
    public Verdict check(Family<Recall> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            int longest = Math.min(FactChains.MAX_NODES, in.length(SHORTEST + 1));
            Recall model = family.draw(in.seed(), longest, in.steps(1));
            int sequences = 1 + in.rng().nextInt(2);
            TreeSet<Integer> chosen = new TreeSet<>(java.util.List.of(SHORTEST, SHORTEST + 1, longest));
            for (int i = 0; i < MORE_LENGTHS; i++) {
                chosen.add(in.logUniform(SHORTEST, longest));
            }
            int[] lengths = chosen.stream().mapToInt(Integer::intValue).toArray();
            long[] kept = new long[lengths.length];
            long[] flops = new long[lengths.length];
            long[] depth = new long[lengths.length];
            int question = in.rng().nextInt(SHORTEST);
            for (int i = 0; i < lengths.length; i++) {
                int n = lengths[i];
                FactChains.Batch batch = FactChains.Batch.of(FactChainsDraw.stories(n, sequences, in.rng()));
                Tape tape = new Tape();
                Recall.Kept k = tape.noGrad(() -> model.consolidate(tape,
                        model.read(tape, batch.subjects(), batch.objects(), sequences)));
                Meter meter = new Meter();
                Tape asked = Tape.metered(meter);
                int[] questions = new int[sequences];
                java.util.Arrays.fill(questions, question);
                Tensor answer = asked.noGrad(() -> model.answer(asked, k, questions, 1));
                kept[i] = k.valuesPerSequence();
                flops[i] = meter.flops();
                // The question's own depth: how many ops deeper than what was kept its answer lies.
                int keptDepth = k.tensors().stream().mapToInt(Tensor::depth).max().orElse(0);
                depth[i] = answer.depth() - keptDepth;
                in.tried("facts", n);
                in.inputs(sequences);
            }
            long[] shownLengths = java.util.Arrays.stream(lengths).asLongStream().toArray();
            String shown = String.format(Locale.ROOT, "at %s facts: numbers kept per sequence %s; FLOPs of a question"
                    + " %s", Draw.list(shownLengths), Draw.list(kept), Draw.list(flops));
            for (int i = 1; i < lengths.length; i++) {
                if (kept[i] != kept[0] || flops[i] != flops[0] || depth[i] != depth[0]) {
                    return Trial.failed(lengths[i], shown + String.format(Locale.ROOT, "; %d facts differ from %d",
                            lengths[i], lengths[0]));
                }
            }
            return Trial.held(shown);
        });
    }
}
