package org.depthlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.depthlab.models.Gram;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.StochasticModel;
import org.depthlab.models.TrmConfig;
import org.depthlab.tasks.Puzzle;
import org.depthlab.train.Width;

/**
 * The lab's width measurements (chapter 14, {@link Width}): every trained model sampled N times
 * per held-out puzzle, and the same compute spent in depth instead — one trajectory of N·S
 * segments — to set width against depth at equal inference FLOPs.
 *
 * <p>Which samples a model gets:
 * <ul>
 *   <li>a model that draws its own noise (gram, variational or trained with fixed noise): its
 *       samples;</li>
 *   <li>a model trained without noise (trm): its one answer N times, and for every
 *       σ of the spec, naive test-time noise of that scale on its answer state
 *       ({@link Gram#withNaiveNoise}) — GRAM's ablation, and the two 2026 papers' recipe.</li>
 * </ul>
 * Every curve reports, at each N: the majority vote's exact accuracy, the most confident
 * sample's, pass@N (any sample right: the oracle, an upper bound) and the distinct solutions
 * found; and for one trajectory, exact accuracy after every segment up to N·S — so that both
 * can be drawn against inference FLOPs (N·S segments either way) and against sequential depth
 * (S segments for width, N·S for depth).
 */
final class WidthEvaluation {

    /** Inference rows per forward pass: wider than training's batch, since nothing is kept for backward. */
    private static final int ROWS = 128;

    private WidthEvaluation() {
    }

    /**
     * One way of sampling one trained model.
     *
     * @param label           "own noise", "no noise" or "naive noise σ"
     * @param noise           σ of naive test-time noise, 0 for none added
     * @param segments        S, the segments every sample runs
     * @param n               the widths N
     * @param vote            exact accuracy of the majority vote at each N
     * @param confidence      exact accuracy of the most confident sample at each N
     * @param pass            pass@N: some sample right (the oracle's accuracy, an upper bound)
     * @param distinct        distinct solutions found per puzzle at each N
     * @param flopsPerSegment forward FLOPs of one segment of one sample (Meter)
     * @param depthPerSegment layer applications of one segment (Meter, mixing depth)
     * @param trajectory      exact accuracy of one trajectory after segment 1, 2, … up to max(N)·S
     * @param puzzles         the held-out puzzles measured
     */
    record Curve(String label, double noise, int segments, int[] n, double[] vote, double[] confidence, double[] pass,
                 double[] distinct, long flopsPerSegment, int depthPerSegment, double[] trajectory, int puzzles) {
    }

    /** The curves of one trained model on the test puzzles. */
    static List<Curve> measure(RefinementModel model, int segments, Spec.Width spec, List<Puzzle> test) {
        List<Puzzle> puzzles = spec.puzzles() > 0 && spec.puzzles() < test.size() ? test.subList(0, spec.puzzles())
                : test;
        if (puzzles.isEmpty()) {
            return List.of();
        }
        List<Curve> curves = new ArrayList<>();
        boolean trainedWithoutNoise = model.config() instanceof TrmConfig;
        if (model instanceof StochasticModel || trainedWithoutNoise) {
            curves.add(curve(model, trainedWithoutNoise ? "no noise" : "own noise", 0, segments, spec, puzzles));
        }
        if (trainedWithoutNoise) {
            for (double sigma : spec.noise()) {
                curves.add(curve(Gram.withNaiveNoise(model, sigma), "naive noise " + sigma, sigma, segments, spec,
                        puzzles));
            }
        }
        return curves;
    }

    private static Curve curve(RefinementModel model, String label, double noise, int segments, Spec.Width spec,
                               List<Puzzle> puzzles) {
        int[] ns = spec.samples().stream().mapToInt(Long::intValue).sorted().distinct().toArray();
        int widest = ns[ns.length - 1];
        Width.Curve c = Width.curve(Width.sample(model, puzzles, widest, segments, spec.seed(), ROWS), ns);
        // One trajectory as long as the widest draw's total work: sample 0, run N·S segments.
        List<Width.Samples> deep = Width.sample(model, puzzles, 1, widest * segments, spec.seed(), ROWS);
        double[] trajectory = new double[widest * segments];
        for (Width.Samples s : deep) {
            for (int k = 0; k < trajectory.length; k++) {
                trajectory[k] += s.validAfter()[0][k] ? 1.0 / puzzles.size() : 0;
            }
        }
        Width.Cost cost = Width.cost(model, puzzles.get(0));
        return new Curve(label, noise, segments, ns, c.vote(), c.confidence(), c.pass(), c.distinct(),
                cost.flopsPerSegment(), cost.depthPerSegment(), trajectory, puzzles.size());
    }

    // ------------------------------------------------------------------ the report

    /** (model, curve label) → the curve of each seed that has it. */
    private static Map<String, List<Curve>> byLine(List<Plan.Point> points, Function<Plan.Point, List<RunResult>> of) {
        Map<String, List<Curve>> lines = new LinkedHashMap<>();
        for (Plan.Point p : points) {
            for (RunResult r : of.apply(p)) {
                for (Curve c : r.width() == null ? List.<Curve>of() : r.width()) {
                    String key = c.noise() > 0 ? p.model() + " + noise " + c.noise() : p.model();
                    lines.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
                }
            }
        }
        return lines;
    }

    /** The tables of one dataset: one row per (model, way of sampling), one column per N. */
    static void appendTable(StringBuilder b, List<Plan.Point> points, Function<Plan.Point, List<RunResult>> of) {
        Map<String, List<Curve>> lines = byLine(points, of);
        if (lines.isEmpty()) {
            return;
        }
        Curve any = lines.values().iterator().next().get(0);
        b.append(String.format(Locale.ROOT, "Width at inference on the first %d held-out puzzles: N samples of %d"
                + " segments each, side by side, and the same inference FLOPs spent in depth (one trajectory of N·S"
                + " segments). pass@N counts a puzzle when some sample is right by the puzzle's checker: an oracle, an"
                + " upper bound, not a method.\n\n", any.puzzles(), any.segments()));
        table(b, "exact, majority vote of N samples", lines, (c, i) -> c.vote()[i], true);
        table(b, "exact, the most confident of N samples (q_halt)", lines, (c, i) -> c.confidence()[i], true);
        table(b, "pass@N (oracle, an upper bound)", lines, (c, i) -> c.pass()[i], true);
        table(b, "distinct solutions found per puzzle", lines, (c, i) -> c.distinct()[i], false);
        table(b, "exact, one trajectory of N·S segments", lines, (c, i) -> c.trajectory()[c.n()[i] * c.segments() - 1],
                true);
    }

    private static void table(StringBuilder b, String what, Map<String, List<Curve>> lines, Series value,
                              boolean percent) {
        int[] ns = lines.values().iterator().next().get(0).n();
        b.append("| ").append(what).append(" |");
        for (int n : ns) {
            b.append(" N = ").append(n).append(" |");
        }
        b.append("\n| --- |").append(" --- |".repeat(ns.length)).append('\n');
        for (Map.Entry<String, List<Curve>> e : lines.entrySet()) {
            b.append("| ").append(e.getKey()).append(" |");
            for (int i = 0; i < ns.length; i++) {
                int k = i;
                Stats s = Stats.of(e.getValue().stream().map(c -> value.at(c, k)).toList());
                b.append(' ').append(percent ? s.percent() : String.format(Locale.ROOT, "%.2f", s.mean())).append(" |");
            }
            b.append('\n');
        }
        b.append('\n');
    }

    /** Exact accuracy (vote), pass@N and distinct solutions against N. */
    static List<Figure> figures(List<Plan.Point> points, Function<Plan.Point, List<RunResult>> of, String suffix,
                                String on) {
        Map<String, List<Curve>> lines = byLine(points, of);
        List<Figure.Series> vote = new ArrayList<>();
        List<Figure.Series> pass = new ArrayList<>();
        List<Figure.Series> distinct = new ArrayList<>();
        for (Map.Entry<String, List<Curve>> e : lines.entrySet()) {
            List<Curve> cs = e.getValue();
            double[] xs = doubles(cs.get(0).n());
            vote.add(series(e.getKey(), xs, cs, (c, i) -> 100 * c.vote()[i]));
            pass.add(series(e.getKey(), xs, cs, (c, i) -> 100 * c.pass()[i]));
            distinct.add(series(e.getKey(), xs, cs, (c, i) -> c.distinct()[i]));
        }
        double most = Math.max(1, distinct.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.max())).max()
                .orElse(1));
        return List.of(
                new Figure("samples-vote" + suffix, "Width: the majority vote of N samples" + on,
                        "samples N (log scale)", Figures.EXACT, Figure.Scale.LOG2, List.of(), 0, 100, vote, List.of(),
                        "Exact accuracy of the answer most of N samples give, whole answers compared; each line one"
                                + " model and one way of sampling it."),
                new Figure("samples-pass" + suffix, "Width: pass@N, some sample right (an upper bound)" + on,
                        "samples N (log scale)", "pass@N (% of puzzles)", Figure.Scale.LOG2, List.of(), 0, 100, pass,
                        List.of(), "The fraction of puzzles on which at least one of N samples is right, judged by the"
                                + " puzzle's checker: what an oracle verifier would reach, not a method."),
                new Figure("samples-distinct" + suffix, "Width: distinct solutions found" + on, "samples N (log scale)",
                        "distinct valid answers per puzzle", Figure.Scale.LOG2, List.of(), 0, Math.ceil(most), distinct,
                        List.of(), "How many different solutions N samples found per puzzle, on average: coverage of"
                                + " the puzzles' solution sets."));
    }

    /** Width against depth at equal inference FLOPs, and against sequential depth. */
    static List<Figure> versusDepth(List<Plan.Point> points, Function<Plan.Point, List<RunResult>> of, String suffix,
                                    String on) {
        Map<String, List<Curve>> lines = byLine(points, of);
        List<Figure.Series> byFlops = new ArrayList<>();
        List<Figure.Series> byDepth = new ArrayList<>();
        for (Map.Entry<String, List<Curve>> e : lines.entrySet()) {
            List<Curve> cs = e.getValue();
            Curve c0 = cs.get(0);
            int m = c0.n().length;
            double[] flops = new double[m];
            double[] wideDepth = new double[m];
            double[] deepDepth = new double[m];
            for (int i = 0; i < m; i++) {
                flops[i] = (double) c0.n()[i] * c0.segments() * c0.flopsPerSegment();
                wideDepth[i] = (double) c0.segments() * c0.depthPerSegment();
                deepDepth[i] = (double) c0.n()[i] * c0.segments() * c0.depthPerSegment();
            }
            Series wide = (c, i) -> 100 * c.vote()[i];
            Series deep = (c, i) -> 100 * c.trajectory()[c.n()[i] * c.segments() - 1];
            byFlops.add(series(e.getKey() + ": N samples", flops, cs, wide));
            byFlops.add(series(e.getKey() + ": N·S segments", flops, cs, deep));
            byDepth.add(series(e.getKey() + ": N samples", wideDepth, cs, wide));
            byDepth.add(series(e.getKey() + ": N·S segments", deepDepth, cs, deep));
        }
        return List.of(
                new Figure("versus-flops" + suffix, "Width or depth at equal inference FLOPs" + on,
                        "inference FLOPs per puzzle (N·S segments; log scale)", Figures.EXACT, Figure.Scale.LOG10,
                        List.of(), 0, 100, byFlops, List.of(), "The same compute spent two ways: N samples of S"
                                + " segments side by side, their majority vote (\"N samples\"), or one trajectory of N·S"
                                + " segments (\"N·S segments\"); \"+ noise σ\" is naive noise added to the trained model."),
                new Figure("versus-depth" + suffix, "Width or depth against sequential depth" + on,
                        "sequential depth (layer applications; log scale)", Figures.EXACT, Figure.Scale.LOG2, List.of(),
                        0, 100, byDepth, List.of(), "N samples lie S segments deep whatever N (a vertical line);"
                                + " one trajectory of N·S segments lies N times deeper."));
    }

    @FunctionalInterface
    private interface Series {
        double at(Curve c, int i);
    }

    private static Figure.Series series(String label, double[] xs, List<Curve> cs, Series value) {
        double[] mean = new double[xs.length];
        double[] min = new double[xs.length];
        double[] max = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            int k = i;
            Stats s = Stats.of(cs.stream().map(c -> value.at(c, k)).toList());
            mean[i] = s.mean();
            min[i] = s.min();
            max[i] = s.max();
        }
        return new Figure.Series(label, xs, mean, min, max, cs.size());
    }

    private static double[] doubles(int[] xs) {
        double[] d = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            d[i] = xs[i];
        }
        return d;
    }
}
