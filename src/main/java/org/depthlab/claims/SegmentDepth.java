package org.depthlab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;

/**
 * Sequential depth per segment ([HRM], [TRM], [Looped] in book/references.md): one supervision segment's
 * outputs lie exactly a formula's number of layer applications deep — L for a stack, K·L
 * looped, N·T·|L| + N·|H| for HRM, T·(n + 1)·layers for TRM — <em>whatever the input
 * length</em>: a longer puzzle makes the matrices taller, not the chain of layers longer.
 * And every further segment adds as much again (the carry's depth is kept when it is
 * detached: it still had to be computed first).
 *
 * <p>Depth is measured, not declared: the meter's mixing depth of the logits
 * ({@link Meter#mixingDepth}) counts the ops on the longest path that carried information from
 * one position to another — one per layer application, whether the layer is a {@code Block}
 * or built from the same parts, and through values that left the computation and came back
 * as constants — and {@link org.depthlab.tensor.Tensor#depth()} is the longest chain of ops.
 * The check builds the same model (same seed, same sizes) at two lengths across scales (the
 * shortest and the family's bound in the first instance), on structured and random inputs,
 * and compares both depths. An autoregressive decoder is the contrast: one segment writes D
 * tokens, one after the other, so its depth D·L grows with the length.
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

    /** The published formulas ([HRM], [TRM], [Looped]), by architecture, from the model's configuration. */
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

    /** What one segment measured: mixing depth (layer applications), op depth, the second segment's, re-entries. */
    private record Depth(int layers, int ops, int secondSegment, long reentered) {
    }

    @Override
    public Verdict check(Family<RefinementModel> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            SplittableRandom rng = in.rng();
            int vocab = 3 + rng.nextInt(4);
            int[] lengths = lengths(in);
            int sequences = 1 + rng.nextInt(2);
            RefinementModel a = family.draw(in.seed(), vocab, lengths[0]);
            RefinementModel b = family.draw(in.seed(), vocab, lengths[1]);
            in.tried("n", a.seqLen());
            in.tried("n", b.seqLen());
            int expected = formula.layers(a);
            long size = 100L * expected + a.seqLen();
            Depth first = null;
            RefinementModel firstModel = null;
            long reentered = 0;
            int inputs = 0;
            for (RefinementModel model : new RefinementModel[] {a, b}) {
                for (int[] tokens : inputs(model, sequences, in.first(), rng)) {
                    in.inputs(1);
                    inputs++;
                    Depth d = measure(model, sequences, tokens);
                    reentered += d.reentered();
                    if (d.layers() != expected && model == b && first != null && first.layers() == expected) {
                        return Trial.failed(size, String.format(Locale.ROOT, "depth grows with length: %s"
                                + " (%d ops) at length %d, %d (%d ops) at length %d, tokens %s",
                                Draw.count(expected, "mixing step"), first.ops(), a.seqLen(), d.layers(), d.ops(), b.seqLen(),
                                Draw.brief(tokens)));
                    }
                    if (d.layers() != expected) {
                        return Trial.failed(size, String.format(Locale.ROOT, "%s = %d, but the logits lie %s deep"
                                + " (measured) at length %d, tokens %s", formula.show(model), expected,
                                Draw.count(d.layers(), "mixing step"), model.seqLen(), Draw.brief(tokens)));
                    }
                    if (d.secondSegment() >= 0 && d.secondSegment() != 2 * expected) {
                        return Trial.failed(size, String.format(Locale.ROOT, "%s = %d, but after a second segment the depth"
                                + " is %d, not %d (length %d, tokens %s)", formula.show(model), expected, d.secondSegment(),
                                2 * expected, model.seqLen(), Draw.brief(tokens)));
                    }
                    if (first == null) {
                        first = d;
                        firstModel = model;
                    } else if (d.ops() != first.ops()) {
                        return Trial.failed(size, String.format(Locale.ROOT, "op depth changes: %d ops at length %d, %d at"
                                + " length %d on tokens %s", first.ops(), firstModel.seqLen(), d.ops(), model.seqLen(),
                                Draw.brief(tokens)));
                    }
                }
            }
            return Trial.held(String.format(Locale.ROOT, "%s = %s measured at lengths %d and %d, on %d inputs"
                    + " (op depth %d at all)%s", formula.show(a), Draw.count(expected, "mixing step"), a.seqLen(), b.seqLen(),
                    inputs, first.ops(),
                    reentered == 0 ? "" : "; " + reentered + " computed values re-entered as copies, their depth kept"));
        });
    }

    /** Two lengths: the shortest and the family's bound in the first instance, two log-uniform draws after. */
    private static int[] lengths(Instance in) {
        if (in.first()) {
            return new int[] {1, Math.max(2, in.scale().maxLength())};
        }
        int x = in.logUniform(1, in.scale().maxLength());
        int y = in.logUniform(1, in.scale().maxLength());
        if (x == y) {
            y = x == in.scale().maxLength() ? x - 1 : x + 1;
        }
        return new int[] {Math.min(x, y), Math.max(x, y)};
    }

    /**
     * The inputs depth is measured on: a sequence of token 0, one of the last token, one random;
     * in the first instance also every token value repeated (up to {@link Draw#SWEPT_VOCABULARY}):
     * depth that some token switches on is not left to chance.
     */
    private static List<int[]> inputs(RefinementModel model, int sequences, boolean first, SplittableRandom rng) {
        int count = sequences * model.seqLen();
        List<int[]> all = new ArrayList<>();
        int[] values = first ? Draw.values(model.vocab()) : new int[] {0, model.vocab() - 1};
        for (int v : values) {
            all.add(Draw.repeated(count, v));
        }
        all.add(Draw.tokens(count, model.vocab(), rng));
        return all;
    }

    /** One segment from the initial carry (and a second from its carry, if it carries anything), measured. */
    private static Depth measure(RefinementModel model, int sequences, int[] inputs) {
        Meter meter = Meter.measuringMixing();
        Tape tape = Tape.metered(meter);
        SegmentOutput first = tape.noGrad(() -> model.segment(tape, model.initialCarry(sequences), inputs));
        int layers = meter.mixingDepth(first.logits());
        int second = -1;
        if (!first.carry().states().isEmpty()) {
            second = meter.mixingDepth(tape.noGrad(() -> model.segment(tape, first.carry(), inputs)).logits());
        }
        return new Depth(layers, first.logits().depth(), second, meter.reenteredCopies());
    }
}
