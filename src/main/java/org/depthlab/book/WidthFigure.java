package org.depthlab.book;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.experiments.Figure.Scale;
import org.depthlab.models.Carry;
import org.depthlab.models.Gram;
import org.depthlab.models.GramConfig;
import org.depthlab.models.NoiseSeeds;
import org.depthlab.models.Positions;
import org.depthlab.models.SegmentOutput;
import org.depthlab.models.TrmConfig;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.train.Width;

/**
 * Chapter 14's measured figure: the sequential depth of N samples of a stochastic recursive
 * model, run side by side ({@link Width#run}) or one after another (each sample continuing
 * from the carry the last one left: the same work as one trajectory N times as long), and
 * their FLOPs — measured by the Meter on a tiny gram (hidden 8, T = 1, n = 1, one layer, 2
 * segments a sample, a 4-position puzzle).
 */
final class WidthFigure {

    private static final int SEGMENTS = 2;
    private static final int MOST = 8;

    private WidthFigure() {
    }

    static Figures.Figure widthDepth() {
        TrmConfig trm = new TrmConfig(5, 4, 8, 2, 2.0, 1, 1, 1, false, Positions.ROPE);
        Gram model = GramConfig.of(trm, GramConfig.FIXED, 0.5, 0, 0).build(1);
        int[] puzzle = new SplittableRandom(1).ints(4, 0, 5).toArray();
        List<double[]> rows = new ArrayList<>();
        for (int n = 1; n <= MOST; n++) {
            long[] wide = sideBySide(model, puzzle, n);
            long[] deep = oneAfterAnother(model, puzzle, n);
            rows.add(new double[] {n, wide[0], deep[0], wide[1], deep[1]});
        }
        List<String> columns = List.of("samples N", "side by side: depth", "one after another: depth",
                "side by side: FLOPs", "one after another: FLOPs");
        // The chart draws the two depth columns; the FLOPs columns are in the table.
        return Figures.figure("width-depth", columns, rows, "Sequential depth of N samples", "samples N",
                "layer applications", Scale.LINEAR, List.of("N samples side by side", "N samples one after another"));
    }

    /** {depth, FLOPs} of N samples as N rows of one batch. */
    private static long[] sideBySide(Gram model, int[] puzzle, int n) {
        int[] inputs = new int[n * puzzle.length];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(puzzle, 0, inputs, i * puzzle.length, puzzle.length);
            seeds[i] = Width.sampleSeed(1, 0, i);
        }
        Meter meter = Meter.measuringMixing();
        Tape tape = Tape.metered(meter);
        Tensor logits = Width.run(tape, model, inputs, seeds, SEGMENTS, (k, out) -> { }).logits();
        return new long[] {meter.mixingDepth(logits), meter.flops()};
    }

    /** {depth, FLOPs} of N samples run one after another, each from the carry the last one left. */
    private static long[] oneAfterAnother(Gram model, int[] puzzle, int n) {
        Meter meter = Meter.measuringMixing();
        Tape tape = Tape.metered(meter);
        Carry carry = model.initialCarry(1);
        Tensor logits = null;
        for (int i = 0; i < n; i++) {
            long[] seeds = {Width.sampleSeed(1, 0, i)};
            for (int k = 0; k < SEGMENTS; k++) {
                long[] now = NoiseSeeds.next(seeds, k);
                Carry from = carry;
                SegmentOutput out = tape.noGrad(() -> model.sample(tape, from, puzzle, now));
                carry = out.carry();
                logits = out.logits();
            }
        }
        return new long[] {meter.mixingDepth(logits), meter.flops()};
    }
}
