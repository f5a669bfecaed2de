package org.depthlab.claims;

import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tensor.Tape;

/**
 * Sequential depth per segment ([HRM], [TRM], [Looped]): one supervision segment's
 * outputs lie exactly a formula's number of layer applications deep — L for a stack, K·L
 * looped, N·T·|L| + N·|H| for HRM, T·(n + 1)·layers for TRM — <em>whatever the input
 * length</em>: a longer puzzle makes the matrices taller, not the chain of layers longer.
 * And every further segment adds as much again (the carry's depth is kept when it is
 * detached: it still had to be computed first).
 *
 * <p>Depth is measured, not declared: {@link org.depthlab.tensor.Tensor#layerDepth()} is the
 * longest chain of {@code Block} calls that led to the logits, and
 * {@link org.depthlab.tensor.Tensor#depth()} the longest chain of ops. The check builds the
 * same model (same seed, same sizes) at two lengths and compares both depths. An
 * autoregressive decoder is the contrast: one segment writes D tokens, one after the other,
 * so its depth D·L grows with the length.
 */
public final class SegmentDepth implements Claim<RefinementModel> {

    /** The depth a segment should have. */
    public interface Formula {
        /** Layer applications on the longest path through one segment of {@code model}. */
        int layers(RefinementModel model);

        /** The formula with the model's numbers, for the evidence ("K*L = 3*2"). */
        String show(RefinementModel model);
    }

    private final Formula formula;
    private final String source;

    private SegmentDepth(Formula formula, String source) {
        this.formula = formula;
        this.source = source;
    }

    /** The published formulas ([HRM], [TRM]), by architecture, from the model's configuration. */
    public static SegmentDepth facts() {
        return new SegmentDepth(new Formula() {
            @Override
            public int layers(RefinementModel model) {
                return FactsFormulas.layers(model.config());
            }

            @Override
            public String show(RefinementModel model) {
                return FactsFormulas.show(model.config());
            }
        }, "the published formula (L; K*L; N*T*|L| + N*|H|; T*(n+1)*layers)");
    }

    /** The model's own statement, {@link RefinementModel#layerApplicationsPerSegment()} — for models of your own. */
    public static SegmentDepth declared() {
        return new SegmentDepth(new Formula() {
            @Override
            public int layers(RefinementModel model) {
                return model.layerApplicationsPerSegment();
            }

            @Override
            public String show(RefinementModel model) {
                return "declared " + model.layerApplicationsPerSegment();
            }
        }, "the model's declared layerApplicationsPerSegment()");
    }

    /** A formula of your own. */
    public static SegmentDepth of(Formula formula, String description) {
        return new SegmentDepth(formula, description);
    }

    @Override
    public About about() {
        return new About("depth per segment",
                "One segment's outputs lie exactly " + source + " layer applications deep, the same at every input"
                        + " length; each further segment adds as much again.",
                "refinement models (a stack, a looped stack, HRM, TRM, or your own)",
                Rigor.exact());
    }

    private record Depth(int layers, int ops, int secondSegment) {
    }

    @Override
    public Verdict check(Family<RefinementModel> family, long seed, int tries) {
        return Trial.run(seed, tries, (s, rng) -> {
            int vocab = 3 + rng.nextInt(4);
            int shortLength = 1 + rng.nextInt(4);
            int longLength = shortLength + 1 + rng.nextInt(4);
            int sequences = 1 + rng.nextInt(2);
            RefinementModel a = family.draw(s, vocab, shortLength);
            RefinementModel b = family.draw(s, vocab, longLength);
            Depth da = measure(a, sequences, rng);
            Depth db = measure(b, sequences, rng);
            int expected = formula.layers(a);
            long size = 100L * expected + a.seqLen();
            if (da.layers() != expected) {
                return Trial.failed(size, String.format(Locale.ROOT, "%s = %d, but the logits lie %d layer applications deep"
                        + " (length %d)", formula.show(a), expected, da.layers(), a.seqLen()));
            }
            if (da.secondSegment() >= 0 && da.secondSegment() != 2 * expected) {
                return Trial.failed(size, String.format(Locale.ROOT, "%s = %d, but after a second segment the depth is %d, not %d",
                        formula.show(a), expected, da.secondSegment(), 2 * expected));
            }
            if (da.layers() != db.layers() || da.ops() != db.ops()) {
                return Trial.failed(size, String.format(Locale.ROOT, "depth grows with length: %d layer applications (%d ops) at"
                        + " length %d, %d (%d ops) at length %d", da.layers(), da.ops(), a.seqLen(), db.layers(), db.ops(),
                        b.seqLen()));
            }
            return Trial.held(String.format(Locale.ROOT, "%s = %d layer applications at lengths %d and %d (op depth %d at both)",
                    formula.show(a), expected, a.seqLen(), b.seqLen(), da.ops()));
        });
    }

    /** One segment from the initial carry (and a second from its carry, if it carries anything). */
    private static Depth measure(RefinementModel model, int sequences, SplittableRandom rng) {
        int[] inputs = Draw.tokens(sequences * model.seqLen(), model.vocab(), rng);
        Tape tape = new Tape();
        SegmentOutput first = tape.noGrad(() -> model.segment(tape, model.initialCarry(sequences), inputs));
        int second = -1;
        if (!first.carry().states().isEmpty()) {
            second = tape.noGrad(() -> model.segment(tape, first.carry(), inputs)).logits().layerDepth();
        }
        return new Depth(first.logits().layerDepth(), first.logits().depth(), second);
    }
}
