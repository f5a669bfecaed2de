package org.depthlab.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The figure kinds every experiment can ask for, built from finished runs — each a
 * {@link Figure} of series with the mean over seeds and the min–max band:
 * <ul>
 *   <li><b>learning curves</b>: held-out exact and cell accuracy against updates and against
 *       training FLOPs;</li>
 *   <li><b>test-time compute</b>: exact accuracy against the segments run at evaluation, up to
 *       several times those trained with;</li>
 *   <li><b>decoder search</b>: a decoder's exact accuracy against beam width and against
 *       backtracking's node budget;</li>
 *   <li><b>difficulty</b>: exact accuracy against the solver's backtracks, per model and
 *       decoding strategy, with the solver itself;</li>
 *   <li><b>depth</b>: exact accuracy against layer applications per segment, one curve per
 *       family (a looped stack with more loops, HRM with more cycles, a deeper transformer).</li>
 * </ul>
 * Accuracies are drawn in percent.
 */
final class Figures {

    static final String EXACT = "exact accuracy on held-out puzzles (%)";
    static final String CELLS = "cells right on held-out puzzles (%)";
    static final String UPDATES = "training updates (optimizer steps)";
    static final String FLOPS = "training FLOPs (Meter: forward + 2 × recorded for backward)";

    private Figures() {
    }

    static List<Figure> learningCurves(List<Plan.Point> points, Function<Plan.Point, List<RunResult>> of,
                                       String suffix, String on) {
        List<Figure> out = new ArrayList<>();
        out.add(curve(points, of, false, true, "learning-updates" + suffix, "Exact accuracy while training" + on,
                UPDATES, EXACT));
        out.add(curve(points, of, true, true, "learning-flops" + suffix, "Exact accuracy against training FLOPs" + on,
                FLOPS, EXACT));
        out.add(curve(points, of, false, false, "cells-updates" + suffix, "Cells right while training" + on, UPDATES,
                CELLS));
        out.add(curve(points, of, true, false, "cells-flops" + suffix, "Cells right against training FLOPs" + on, FLOPS,
                CELLS));
        return out;
    }

    private static Figure curve(List<Plan.Point> points, Function<Plan.Point, List<RunResult>> of, boolean byFlops,
                                boolean exact, String name, String title, String xLabel, String yLabel) {
        List<Figure.Series> series = new ArrayList<>();
        for (Plan.Point p : points) {
            List<RunResult> rs = of.apply(p);
            if (rs.isEmpty()) {
                continue;
            }
            List<double[][]> curves = new ArrayList<>();
            for (RunResult r : rs) {
                double[][] c = new double[2][r.curve().size()];
                for (int i = 0; i < r.curve().size(); i++) {
                    RunResult.CurvePoint pt = r.curve().get(i);
                    c[0][i] = byFlops ? pt.flops() : pt.step();
                    c[1][i] = 100 * (exact ? pt.exact() : pt.cells());
                }
                curves.add(c);
            }
            series.add(across(p.model(), curves));
        }
        return new Figure(name, title, xLabel, yLabel, Figure.Scale.LINEAR, List.of(), 0, 100, series, List.of(),
                "Held-out " + (exact ? "exact" : "cell") + " accuracy at every evaluation during training, against "
                        + (byFlops ? "the training FLOPs spent so far" : "updates")
                        + "; seeds evaluated at different updates are interpolated linearly onto their common range.");
    }

    /**
     * Curves of several seeds on one x grid: the union of their x values where all of them are
     * defined, each interpolated linearly.
     */
    static Figure.Series across(String label, List<double[][]> curves) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        TreeSet<Double> grid = new TreeSet<>();
        for (double[][] c : curves) {
            if (c[0].length == 0) {
                return new Figure.Series(label, new double[0], new double[0], new double[0], new double[0], curves.size());
            }
            lo = Math.max(lo, c[0][0]);
            hi = Math.min(hi, c[0][c[0].length - 1]);
            for (double x : c[0]) {
                grid.add(x);
            }
        }
        double from = lo;
        double to = hi;
        double[] xs = grid.stream().filter(x -> x >= from && x <= to).mapToDouble(Double::doubleValue).toArray();
        double[] mean = new double[xs.length];
        double[] min = new double[xs.length];
        double[] max = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            List<Double> ys = new ArrayList<>();
            for (double[][] c : curves) {
                ys.add(interpolate(c[0], c[1], xs[i]));
            }
            Stats s = Stats.of(ys);
            mean[i] = s.mean();
            min[i] = s.min();
            max[i] = s.max();
        }
        return new Figure.Series(label, xs, mean, min, max, curves.size());
    }

    /** y at x on the polyline (xs, ys), xs ascending and x within their range. */
    static double interpolate(double[] xs, double[] ys, double x) {
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] == x) {
                return ys[i];
            }
            if (xs[i] > x) {
                double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
                return ys[i - 1] + t * (ys[i] - ys[i - 1]);
            }
        }
        return ys[ys.length - 1];
    }

    static Figure testTimeCompute(List<Plan.Point> points, Function<Plan.Point, List<RunResult>> of, String suffix,
                                  String on) {
        List<Figure.Series> series = new ArrayList<>();
        TreeSet<Integer> trained = new TreeSet<>();
        for (Plan.Point p : points) {
            List<RunResult> rs = of.apply(p);
            if (p.kind().equals("decoder") || rs.isEmpty()) {
                continue;
            }
            int n = rs.stream().mapToInt(r -> r.exactBySegment().length).min().orElse(0);
            double[] xs = new double[n];
            for (int i = 0; i < n; i++) {
                xs[i] = i + 1;
            }
            series.add(pointwise(p.model(), xs, rs, (r, i) -> 100 * r.exactBySegment()[i]));
            trained.add(p.segments());
        }
        List<Figure.Mark> marks = trained.stream().map(s -> new Figure.Mark(s, "trained: " + s)).toList();
        return new Figure("segments" + suffix, "Test-time compute: more segments than trained" + on,
                "segments run at evaluation (count)", EXACT, Figure.Scale.LINEAR, List.of(), 0, 100, series, marks,
                "Exact accuracy after each segment when evaluation runs up to twice as many segments as training used"
                        + " (dashed lines: the segments trained with). A transformer carries nothing between segments,"
                        + " so its curve is flat.");
    }

    static List<Figure> decoderSearch(List<Plan.Point> points, Function<Plan.Point, List<RunResult>> of, String suffix,
                                      String on) {
        List<Figure.Series> beam = new ArrayList<>();
        List<Figure.Series> search = new ArrayList<>();
        for (Plan.Point p : points) {
            List<RunResult> rs = of.apply(p);
            if (!p.kind().equals("decoder") || rs.isEmpty()) {
                continue;
            }
            RunResult first = rs.get(0);
            if (!first.beam().isEmpty()) {
                double[] xs = first.beam().stream().mapToDouble(RunResult.SearchPoint::setting).toArray();
                beam.add(pointwise(p.model() + ": beam search", xs, rs, (r, i) -> 100 * r.beam().get(i).exact()));
            }
            if (!first.search().isEmpty()) {
                double[] xs = first.search().stream().mapToDouble(RunResult.SearchPoint::setting).toArray();
                search.add(pointwise(p.model() + ": backtracking", xs, rs, (r, i) -> 100 * r.search().get(i).exact()));
            }
        }
        List<Figure> out = new ArrayList<>();
        if (!beam.isEmpty()) {
            out.add(new Figure("beam" + suffix, "Decoder: exact accuracy against beam width" + on,
                    "beam width W (partial answers kept; log scale)", EXACT, Figure.Scale.LOG2, List.of(), 0, 100, beam,
                    List.of(), "The trained decoder's held-out exact accuracy under beam search of each width (W = 1"
                    + " is greedy)."));
        }
        if (!search.isEmpty()) {
            out.add(new Figure("search-budget" + suffix, "Decoder: exact accuracy against search budget" + on,
                    "backtracking node budget (tokens tried per puzzle; log scale)", EXACT, Figure.Scale.LOG10,
                    List.of(), 0, 100, search, List.of(), "The trained decoder inside depth-first search with forward"
                    + " checking, stopped after the given number of tokens tried: a decoding that runs out of budget"
                    + " counts as wrong."));
        }
        return out;
    }

    static Figure difficulty(List<Plan.Point> points, Function<Plan.Point, List<RunResult>> of,
                             Map<Integer, double[]> solverBuckets, String suffix, String on) {
        TreeMap<Integer, String> buckets = new TreeMap<>();
        solverBuckets.keySet().forEach(k -> buckets.put(k, Difficulty.label(Difficulty.low(k), Difficulty.high(k))));
        Map<String, Map<Integer, List<Double>>> lines = new LinkedHashMap<>();
        Map<String, Integer> seeds = new LinkedHashMap<>();
        for (Plan.Point p : points) {
            for (RunResult r : of.apply(p)) {
                if (p.kind().equals("decoder")) {
                    for (RunResult.StrategyResult s : r.strategies()) {
                        add(lines, seeds, p.model() + ": " + s.strategy(), s.difficulty());
                    }
                } else {
                    add(lines, seeds, p.model(), r.difficulty());
                }
            }
        }
        List<Integer> keys = new ArrayList<>(buckets.keySet());
        List<Figure.Series> series = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, List<Double>>> e : lines.entrySet()) {
            series.add(categorical(e.getKey(), keys, e.getValue(), seeds.get(e.getKey())));
        }
        Map<Integer, List<Double>> solver = new LinkedHashMap<>();
        solverBuckets.forEach((k, v) -> solver.put(k, List.of(100 * v[1])));
        series.add(categorical("CSP solver", keys, solver, 1));
        List<String> labels = new ArrayList<>();
        for (int k : keys) {
            labels.add(buckets.get(k) + " (" + (int) solverBuckets.get(k)[0] + ")");
        }
        return new Figure("difficulty" + suffix, "Exact accuracy against puzzle difficulty" + on,
                "solver backtracks (forward checking, fewest values first), with the number of puzzles",
                EXACT, Figure.Scale.CATEGORY, labels, 0, 100, series, List.of(),
                "Held-out puzzles grouped by the backtracks the CSP solver needs (0, 1, 2–3, 4–7, …); refinement models"
                        + " after the segments they trained with, the decoder under each decoding strategy.");
    }

    private static void add(Map<String, Map<Integer, List<Double>>> lines, Map<String, Integer> seeds, String label,
                            List<RunResult.Bucket> buckets) {
        Map<Integer, List<Double>> line = lines.computeIfAbsent(label, k -> new TreeMap<>());
        seeds.merge(label, 1, Integer::sum);
        for (RunResult.Bucket b : buckets) {
            line.computeIfAbsent(Difficulty.bucket(b.low()), k -> new ArrayList<>()).add(100 * b.exact());
        }
    }

    private static Figure.Series categorical(String label, List<Integer> keys, Map<Integer, List<Double>> values,
                                             int seeds) {
        int n = keys.size();
        double[] xs = new double[n];
        double[] mean = new double[n];
        double[] min = new double[n];
        double[] max = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i;
            Stats s = Stats.of(values.getOrDefault(keys.get(i), List.of()));
            mean[i] = s.mean();
            min[i] = s.min();
            max[i] = s.max();
        }
        return new Figure.Series(label, xs, mean, min, max, seeds);
    }

    static List<Figure> depth(List<Plan.Point> points, Function<Plan.Point, List<RunResult>> of, String suffix,
                              String on) {
        return List.of(depth(points, of, suffix, on, true), depth(points, of, suffix, on, false));
    }

    private static Figure depth(List<Plan.Point> points, Function<Plan.Point, List<RunResult>> of, String suffix,
                                String on, boolean exact) {
        Map<String, TreeMap<Integer, Stats>> families = new LinkedHashMap<>();
        Map<String, Integer> seeds = new LinkedHashMap<>();
        for (Plan.Point p : points) {
            List<RunResult> rs = of.apply(p);
            if (p.kind().equals("decoder") || rs.isEmpty()) {
                continue;
            }
            families.computeIfAbsent(p.family(), k -> new TreeMap<>()).put(p.layerApplications(),
                    Stats.of(rs.stream().map(r -> 100 * (exact ? r.exact() : r.cells())).toList()));
            seeds.merge(p.family(), rs.size(), Math::max);
        }
        List<Figure.Series> series = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Integer, Stats>> e : families.entrySet()) {
            TreeMap<Integer, Stats> m = e.getValue();
            series.add(new Figure.Series(e.getKey(), m.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
                    m.values().stream().mapToDouble(Stats::mean).toArray(),
                    m.values().stream().mapToDouble(Stats::min).toArray(),
                    m.values().stream().mapToDouble(Stats::max).toArray(), seeds.get(e.getKey())));
        }
        return new Figure((exact ? "depth" : "depth-cells") + suffix,
                (exact ? "Exact accuracy" : "Cells right") + " against effective depth" + on,
                "effective depth (layer applications per segment; log scale)", exact ? EXACT : CELLS, Figure.Scale.LOG2,
                List.of(), 0,
                100, series, List.of(), "Each point is one configuration (loops K, HRM cycles N×T, transformer layers L)"
                + " after its training budget; the curve joins the configurations of one family.");
    }

    /** A series over fixed x positions, the value at position i of run r given by {@code value}. */
    private static Figure.Series pointwise(String label, double[] xs, List<RunResult> rs, IndexedValue value) {
        double[] mean = new double[xs.length];
        double[] min = new double[xs.length];
        double[] max = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            int k = i;
            Stats s = Stats.of(rs.stream().map(r -> value.at(r, k)).toList());
            mean[i] = s.mean();
            min[i] = s.min();
            max[i] = s.max();
        }
        return new Figure.Series(label, xs, mean, min, max, rs.size());
    }

    @FunctionalInterface
    private interface IndexedValue {
        double at(RunResult r, int i);
    }
}
