package org.depthlab.claims;

import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.models.Recall;
import org.depthlab.tasks.FactChains;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * Memory after consolidation is independent of the context's length: what a fast-weight
 * model keeps when the context is dropped is its d × d memory, whatever number of facts it
 * read, and so a question costs the same after a long context as after a short one. The check
 * reads contexts of n = 2 … 6 facts (stories on the first n nodes of the model's vocabulary),
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
    private static final int LONGEST = 6;

    @Override
    public About about() {
        return new About("memory after the drop",
                "What survives the drop, and the cost of a question after it, are the same whatever the context's"
                        + " length.",
                "fast-weight models (the memory is d x d)", Rigor.exact());
    }

    @Override
    public Verdict check(Family<Recall> family, long seed, int tries) {
        return Trial.run(seed, tries, (s, rng) -> {
            Recall model = family.draw(s, LONGEST + rng.nextInt(3), LONGEST);
            int sequences = 1 + rng.nextInt(2);
            int lengths = LONGEST - SHORTEST + 1;
            long[] kept = new long[lengths];
            long[] flops = new long[lengths];
            long[] depth = new long[lengths];
            int question = rng.nextInt(SHORTEST);
            for (int i = 0; i < lengths; i++) {
                int n = SHORTEST + i;
                FactChains.Batch batch = FactChains.Batch.of(FactChainsDraw.stories(n, sequences, rng));
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
                if (answer.rows() != sequences) {
                    throw new IllegalStateException("one question per sequence gave " + answer.rows() + " rows");
                }
            }
            String shown = String.format(Locale.ROOT, "numbers kept per sequence at %d..%d facts: %s; FLOPs of a"
                    + " question: %s", SHORTEST, LONGEST, Draw.list(kept), Draw.list(flops));
            for (int i = 1; i < lengths; i++) {
                if (kept[i] != kept[0] || flops[i] != flops[0] || depth[i] != depth[0]) {
                    return Trial.failed(i, shown + String.format(Locale.ROOT, "; %d facts differ from %d", SHORTEST + i,
                            SHORTEST));
                }
            }
            return Trial.held(shown);
        });
    }
}
