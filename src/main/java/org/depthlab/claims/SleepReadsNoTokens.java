package org.depthlab.claims;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.models.FastWeights;
import org.depthlab.models.Recall;
import org.depthlab.tasks.FactChains;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * A sleep pass reads no input token (Lee, McLeish, Goldstein and Fanti 2026, "Language Models
 * Need Sleep": consolidation runs "N offline recurrent passes" over the context without new
 * tokens). Measured, not declared: the check reads a context, then runs the model's N sleep
 * passes twice from that same context — once as it is, once with <em>every</em> token
 * embedding of the model's table ({@code embed_tokens.weight}) redrawn at random. A pass that
 * looks up no token cannot tell the two apart: the memory and the slots' states after the
 * passes must be equal bit for bit. A pass that re-reads the context's tokens (input injection,
 * the {@code rereading} kind) sees the new embeddings and changes.
 */
public final class SleepReadsNoTokens implements Claim<FastWeights> {

    private static final String TABLE = "embed_tokens.weight";

    @Override
    public About about() {
        return new About("sleep reads no token",
                "Sleep passes read no input token: with every token embedding redrawn, the memory and states they"
                        + " leave are the same to the bit.",
                "fast-weight models consolidated by sleep passes", Rigor.exact());
    }

    @Override
    public Verdict check(Family<FastWeights> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            SplittableRandom rng = in.rng();
            int nodes = Math.min(FactChains.MAX_NODES, in.length(2));
            FastWeights model = family.draw(in.seed(), nodes, in.steps(1));
            int n = model.config().nodes();
            FactChains.Batch batch = FactChains.Batch.of(
                    FactChainsDraw.stories(n, 1 + rng.nextInt(2), rng));
            in.tried("facts", n);
            in.tried("passes", model.config().passes());
            in.inputs(batch.sequences());
            Tape tape = new Tape();
            Recall.Context context = tape.noGrad(
                    () -> model.read(tape, batch.subjects(), batch.objects(), batch.sequences()));
            Meter meter = new Meter();
            DMatrixRMaj[] asIs = sleep(model, context, meter);
            Tensor table = parameter(model);
            DMatrixRMaj saved = table.value().copy();
            for (int i = 0; i < table.value().data.length; i++) {
                table.value().data[i] = rng.nextDouble(-3, 3);
            }
            DMatrixRMaj[] redrawn;
            try {
                redrawn = sleep(model, context, null);
            } finally {
                table.value().setTo(saved);
            }
            String what = String.format(Locale.ROOT, "%d sleep %s over %d facts (%,d FLOPs)", model.config().passes(),
                    model.config().passes() == 1 ? "pass" : "passes", context.facts(), meter.flops());
            for (int k = 0; k < 2; k++) {
                if (!java.util.Arrays.equals(asIs[k].data, redrawn[k].data)) {
                    return Trial.failed(model.config().passes() * 100L + context.facts(), what + ": with the "
                            + table.value().getNumElements() + " token embeddings redrawn, the "
                            + (k == 0 ? "memory" : "states") + " they leave changed by up to "
                            + String.format(Locale.ROOT, "%.3g", Draw.maxRelativeDifference(asIs[k], redrawn[k]))
                            + ": the passes read tokens");
                }
            }
            return Trial.held(what + ": memory and states the same to the bit with all "
                    + table.value().getNumElements() + " token embeddings redrawn");
        });
    }

    /** The memory and the states after the model's N sleep passes from {@code context}. */
    private static DMatrixRMaj[] sleep(FastWeights model, Recall.Context context, Meter meter) {
        Tape tape = meter == null ? new Tape() : Tape.metered(meter);
        return tape.noGrad(() -> {
            Recall.Context c = context;
            for (int pass = 0; pass < model.config().passes(); pass++) {
                c = model.sleep(tape, c);
            }
            return new DMatrixRMaj[] {c.memory().value(), c.states().value()};
        });
    }

    private static Tensor parameter(FastWeights model) {
        List<Tensor> named = model.parameters().stream().filter(p -> TABLE.equals(p.name())).toList();
        if (named.size() != 1) {
            throw new IllegalStateException("the model has no single " + TABLE);
        }
        return named.get(0);
    }
}
