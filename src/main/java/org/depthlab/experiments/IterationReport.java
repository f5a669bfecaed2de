package org.depthlab.experiments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.depthlab.BadInputException;
import org.depthlab.claims.ErrorFallsWithLoops;
import org.depthlab.claims.Verdict;
import org.depthlab.io.AtomicFiles;
import org.depthlab.tasks.QuadraticProgram;
import org.depthlab.train.QpEvaluation;

/**
 * The report of an {@link IterationSpec} experiment from its finished runs
 * ({@link LatentIteration}): the tables of chapter 11 in {@code results/<name>.md}, their
 * numbers in {@code results/<name>.json}, and figures — error against iterations beside
 * gradient descent and conjugate gradient, error on the shifted test sets, the probes' R² —
 * in {@code figures/<name>-*.svg} (and PNG). Every number over seeds is the mean with the
 * least and largest value.
 */
public final class IterationReport {

    /** Errors above this are drawn at it (the curves of models that diverge leave the plot). */
    static final double CLIP = 1.5;

    private final IterationSpec spec;
    private final Spec.Scale scale;
    private final Map<String, LatentIteration.RunResult> results = new LinkedHashMap<>();
    private final int missing;
    private final Map<String, Map<String, List<QuadraticProgram>>> programs = new LinkedHashMap<>();

    /** The report of {@code spec} from the runs in {@code lab}. */
    public IterationReport(IterationSpec spec, Spec.Scale scale, Path lab) {
        this.spec = spec;
        this.scale = scale;
        Path root = LatentIteration.root(lab, spec, scale);
        int absent = 0;
        for (String[] r : spec.runs()) {
            long seed = Long.parseLong(r[2]);
            String hash = LatentIteration.hash(spec, r[0], r[1], seed);
            LatentIteration.RunResult result = LatentIteration.read(root.resolve(LatentIteration.id(r[0], r[1], seed)
                    + "-" + hash), hash);
            if (result == null) {
                absent++;
            } else {
                results.put(result.id(), result);
            }
        }
        this.missing = absent;
    }

    /** The runs that have finished. */
    public int finished() {
        return results.size();
    }

    /** The runs that have not. */
    public int missing() {
        return missing;
    }

    private List<LatentIteration.RunResult> of(String variant, String model) {
        return results.values().stream().filter(r -> r.variant().equals(variant) && r.model().equals(model)).toList();
    }

    /** The mean over seeds, with min and max, of {@code value} of each run. */
    private static Stats stats(List<LatentIteration.RunResult> runs, Function<LatentIteration.RunResult, Double> value) {
        List<Double> v = new ArrayList<>();
        for (LatentIteration.RunResult r : runs) {
            v.add(value.apply(r));
        }
        return Stats.of(v);
    }

    private static String cell(Stats s) {
        if (s.n() == 0) {
            return "—";
        }
        return s.n() == 1 || s.min() == s.max() ? String.format(Locale.ROOT, "%.3f", s.mean())
                : String.format(Locale.ROOT, "%.3f (%.3f–%.3f)", s.mean(), s.min(), s.max());
    }

    private int longest(String variant) {
        int k = 1;
        for (LatentIteration.RunResult r : results.values()) {
            if (r.variant().equals(variant)) {
                k = Math.max(k, r.curves().get("in distribution").meanError().length);
            }
        }
        return k;
    }

    /** Gradient descent (or projected gradient) and conjugate gradient on a variant's test sets, up to {@code steps}. */
    private Map<String, QpEvaluation.Curve> baselines(String variant, String set, int steps) {
        List<QuadraticProgram> programs = testSets(variant).get(set);
        Map<String, QpEvaluation.Curve> out = new LinkedHashMap<>();
        QpEvaluation.Curve gd = QpEvaluation.gradientDescent(programs, steps);
        out.put(gd.name(), gd);
        if (!variant.equals("box")) {
            out.put("conjugate gradient", QpEvaluation.conjugateGradient(programs, steps));
        }
        return out;
    }

    private Map<String, List<QuadraticProgram>> testSets(String variant) {
        return programs.computeIfAbsent(variant, v -> LatentIteration.testSets(spec.task(v), spec.evaluation().test()));
    }

    /** The columns of the iteration tables: 1, 2, 4, … up to the longest curve. */
    private static List<Integer> columns(int longest) {
        List<Integer> c = new ArrayList<>();
        for (int k = 1; k <= longest; k *= 2) {
            c.add(k);
        }
        return c;
    }

    /** The markdown tables. */
    String markdown(String figures) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(spec.title()).append("\n\n").append(spec.description()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Made by `depthlab experiment run %s%s` then `depthlab experiment report"
                + " %s%s` (%s); %d runs finished%s. Every cell is the mean over seeds with the least and largest value;"
                + " errors are ‖x − x*‖/‖x*‖ on %d held-out programs.%n%n", spec.name(),
                scale == Spec.Scale.REAL ? "" : " --scale smoke", spec.name(),
                scale == Spec.Scale.REAL ? "" : " --scale smoke", Provenance.version(), finished(),
                missing == 0 ? "" : ", " + missing + " missing", spec.evaluation().test()));
        for (String variant : spec.variants()) {
            int longest = longest(variant);
            List<Integer> cols = columns(longest);
            Map<String, QpEvaluation.Curve> base = baselines(variant, "in distribution", longest);
            md.append("## ").append(variant.equals("box") ? "Box-constrained programs" : "Unconstrained programs")
                    .append("\n\n### Mean relative error after k iterations (in distribution)\n\n| model | trained with |");
            cols.forEach(k -> md.append(" k = ").append(k).append(" |"));
            md.append("\n|---|---|").append("---|".repeat(cols.size())).append('\n');
            for (String m : spec.models().keySet()) {
                List<LatentIteration.RunResult> runs = of(variant, m);
                if (runs.isEmpty()) {
                    continue;
                }
                md.append("| ").append(m).append(" | ").append(runs.get(0).trained()).append(" |");
                for (int k : cols) {
                    md.append(' ').append(cell(stats(runs, r -> at(r.curves().get("in distribution").meanError(), k))))
                            .append(" |");
                }
                md.append('\n');
            }
            for (QpEvaluation.Curve b : base.values()) {
                md.append("| ").append(b.name()).append(" | — |");
                for (int k : cols) {
                    md.append(String.format(Locale.ROOT, " %.3f |", b.meanError()[k - 1]));
                }
                md.append('\n');
            }
            if (variant.equals("box")) {
                md.append("\nShare of answers inside the box after the trained iterations: ");
                List<String> parts = new ArrayList<>();
                for (String m : spec.models().keySet()) {
                    List<LatentIteration.RunResult> runs = of(variant, m);
                    if (!runs.isEmpty()) {
                        parts.add(m + " " + cell(stats(runs, r -> r.curves().get("in distribution").feasible()[
                                r.trained() - 1])));
                    }
                }
                md.append(String.join("; ", parts)).append(".\n");
            }
            md.append("\n### Error after the trained iterations, on shifted programs\n\n| model |");
            List<String> sets = new ArrayList<>(testSets(variant).keySet());
            sets.forEach(s -> md.append(' ').append(s).append(" |"));
            md.append("\n|---|").append("---|".repeat(sets.size())).append('\n');
            for (String m : spec.models().keySet()) {
                List<LatentIteration.RunResult> runs = of(variant, m);
                if (runs.isEmpty()) {
                    continue;
                }
                md.append("| ").append(m).append(" (k = ").append(runs.get(0).trained()).append(") |");
                for (String s : sets) {
                    md.append(' ').append(cell(stats(runs, r -> r.curves().get(s).meanError()[r.trained() - 1])))
                            .append(" |");
                }
                md.append('\n');
            }
            for (int steps : new int[] {4, longest}) {
                md.append("| ").append(variant.equals("box") ? "projected gradient" : "gradient descent").append(" (")
                        .append(steps).append(" steps) |");
                for (String s : sets) {
                    md.append(String.format(Locale.ROOT, " %.3f |",
                            baselines(variant, s, steps).values().iterator().next().meanError()[steps - 1]));
                }
                md.append('\n');
            }
            md.append("\n### Linear probes of the state after k iterations\n\nR² of a ridge probe, per position,"
                    + " to the minimiser x*, and the gradient-descent step j (of 1, 2, 4, … 64) whose iterate it predicts"
                    + " best, with that R².\n\n| model | k | R² to x* | best GD step j | R² to GD's x_j |\n"
                    + "|---|---|---|---|---|\n");
            for (String m : spec.models().keySet()) {
                List<LatentIteration.RunResult> runs = of(variant, m);
                if (runs.isEmpty()) {
                    continue;
                }
                List<Integer> ks = new ArrayList<>(List.of(0));
                ks.addAll(columns(runs.get(0).probeX().length - 1));
                for (int k : ks) {
                    int best = 0;
                    double bestR2 = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < LatentIteration.GD_STEPS.length; j++) {
                        final int jj = j;
                        double r2 = stats(runs, r -> r.probeGd()[k][jj]).mean();
                        if (r2 > bestR2) {
                            bestR2 = r2;
                            best = j;
                        }
                    }
                    final int b = best;
                    md.append("| ").append(m).append(" | ").append(k == 0 ? "0 (the input x)" : Integer.toString(k))
                            .append(" | ").append(cell(stats(runs, r -> r.probeX()[k]))).append(" | ")
                            .append(LatentIteration.GD_STEPS[best]).append(" | ")
                            .append(cell(stats(runs, r -> r.probeGd()[k][b]))).append(" |\n");
                }
            }
            md.append("\n### The trained loop as a map z ← Stack(z + x)\n\n‖∂F/∂z‖₂ measured at the state after the"
                    + " trained loops and after the last, the largest over the programs measured; then the library's"
                    + " contraction claims asked of the loop with that constant.\n\n| run | ‖J‖ at K | ‖J‖ at the last"
                    + " loop | unique fixed point | error shrinks by gamma |\n|---|---|---|---|---|\n");
            for (LatentIteration.RunResult r : results.values()) {
                if (r.variant().equals(variant) && r.lipschitz().length == 2) {
                    md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %s | %s |%n", r.id(), r.lipschitz()[0],
                            r.lipschitz()[1], verdict(r.fixedPoint()), verdict(r.errorShrinks())));
                }
            }
            md.append("\n### Claim: error falls with loops (empirical, band ").append(spec.evaluation().band())
                    .append(")\n\n| model | verdict | evidence |\n|---|---|---|\n");
            for (String m : spec.models().keySet()) {
                List<LatentIteration.RunResult> runs = of(variant, m);
                if (runs.isEmpty() || runs.get(0).trained() == runs.get(0).probeX().length - 1) {
                    continue;
                }
                Verdict v = new ErrorFallsWithLoops(spec.evaluation().band()).check(runs.stream()
                        .map(r -> new ErrorFallsWithLoops.Curve(m + ", seed " + r.seed(), r.trained(),
                                r.curves().get("in distribution").meanError())).toList());
                md.append("| ").append(m).append(" | ").append(v.holds() ? "holds" : "fails").append(" | ")
                        .append(v.evidence().replace("|", "\\|")).append(" |\n");
            }
            md.append("\n![error against iterations](").append(figures).append('/').append(spec.name())
                    .append("-error-").append(variant).append(".svg)\n\n![shifted programs](").append(figures)
                    .append('/').append(spec.name()).append("-shift-").append(variant).append(".svg)\n\n");
        }
        return md.toString();
    }

    private static String verdict(String s) {
        return s.startsWith("holds") ? "holds" : s.startsWith("fails") ? "fails" : "—";
    }

    private static double at(double[] curve, int k) {
        return k <= curve.length ? curve[k - 1] : Double.NaN;
    }

    /** The figures: error against iterations and on the shifted sets, per variant. */
    List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        for (String variant : spec.variants()) {
            int longest = longest(variant);
            List<Figure.Series> series = new ArrayList<>();
            for (String m : spec.models().keySet()) {
                List<LatentIteration.RunResult> runs = of(variant, m);
                if (!runs.isEmpty()) {
                    series.add(series(m, runs, r -> r.curves().get("in distribution").meanError()));
                }
            }
            for (QpEvaluation.Curve b : baselines(variant, "in distribution", longest).values()) {
                series.add(series(b.name(), b.meanError()));
            }
            out.add(new Figure("error-" + variant, (variant.equals("box") ? "Box-constrained" : "Unconstrained")
                    + " programs: error against iterations", "iterations (loops, H-cycles, steps)",
                    "mean relative error ||x - x*|| / ||x*||", Figure.Scale.LINEAR, List.of(), 0, CLIP, series,
                    List.of(), "Mean over held-out programs of the training distribution, errors above " + CLIP
                    + " drawn at " + CLIP + "; the models' lines start at the iteration they read an answer after."));
            List<String> sets = new ArrayList<>(testSets(variant).keySet());
            List<Figure.Series> bars = new ArrayList<>();
            double[] xs = new double[sets.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = i;
            }
            for (String m : spec.models().keySet()) {
                List<LatentIteration.RunResult> runs = of(variant, m);
                if (runs.isEmpty()) {
                    continue;
                }
                double[][] v = new double[3][sets.size()];
                for (int i = 0; i < sets.size(); i++) {
                    final String s = sets.get(i);
                    Stats st = stats(runs, r -> Math.min(CLIP, r.curves().get(s).meanError()[r.trained() - 1]));
                    v[0][i] = st.mean();
                    v[1][i] = st.min();
                    v[2][i] = st.max();
                }
                bars.add(new Figure.Series(m, xs, v[0], v[1], v[2], runs.size()));
            }
            double[] gd = new double[sets.size()];
            for (int i = 0; i < sets.size(); i++) {
                gd[i] = Math.min(CLIP, baselines(variant, sets.get(i), 4).values().iterator().next().meanError()[3]);
            }
            bars.add(new Figure.Series(variant.equals("box") ? "projected gradient, 4 steps" : "gradient descent, 4 steps",
                    xs, gd, gd, gd, 1));
            out.add(new Figure("shift-" + variant, "Error after the trained iterations, on shifted programs",
                    "test set", "mean relative error", Figure.Scale.CATEGORY, sets, 0, CLIP, bars, List.of(),
                    "Each model after the iterations it was trained with; errors above " + CLIP + " drawn at " + CLIP
                    + "."));
        }
        return out;
    }

    private static Figure.Series series(String label, List<LatentIteration.RunResult> runs,
                                        Function<LatentIteration.RunResult, double[]> curve) {
        int n = curve.apply(runs.get(0)).length;
        double[] x = new double[n];
        double[][] v = new double[3][n];
        for (int k = 0; k < n; k++) {
            final int kk = k;
            x[k] = k + 1;
            Stats s = stats(runs, r -> Math.min(CLIP, curve.apply(r)[kk]));
            v[0][k] = s.mean();
            v[1][k] = s.min();
            v[2][k] = s.max();
        }
        return new Figure.Series(label, x, v[0], v[1], v[2], runs.size());
    }

    private static Figure.Series series(String label, double[] values) {
        double[] x = new double[values.length];
        double[] v = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            x[k] = k + 1;
            v[k] = Math.min(CLIP, values[k]);
        }
        return new Figure.Series(label, x, v, v, v, 1);
    }

    /** Writes the report into {@code out} ({@code results/} and {@code figures/}). */
    public List<Path> write(Path out) {
        if (finished() == 0) {
            throw new BadInputException("no run of " + spec.name() + " has finished at " + scale.label()
                    + " scale; run 'depthlab experiment run " + spec.name()
                    + (scale == Spec.Scale.REAL ? "" : " --scale " + scale.label()) + "' first.");
        }
        List<Path> written = new ArrayList<>();
        AtomicFiles.createDirectories(out.resolve("figures"));
        AtomicFiles.createDirectories(out.resolve("results"));
        for (Figure f : figures()) {
            Path svg = out.resolve("figures").resolve(spec.name() + "-" + f.name() + ".svg");
            Path png = out.resolve("figures").resolve(spec.name() + "-" + f.name() + ".png");
            AtomicFiles.writeString(svg, SvgCanvas.render(f));
            byte[] bytes = PngCanvas.render(f);
            AtomicFiles.write(png, o -> o.write(bytes));
            written.add(svg);
            written.add(png);
        }
        Path md = out.resolve("results").resolve(spec.name() + ".md");
        AtomicFiles.writeString(md, markdown("../figures"));
        written.add(md);
        Path json = out.resolve("results").resolve(spec.name() + ".json");
        ObjectNode root = LatentIteration.JSON.createObjectNode();
        root.put("experiment", spec.name());
        root.put("scale", scale.label());
        root.put("version", Provenance.version());
        ArrayNode runs = root.putArray("runs");
        results.values().forEach(r -> runs.add(LatentIteration.JSON.valueToTree(r)));
        try {
            AtomicFiles.writeString(json, LatentIteration.JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the report's JSON", e);
        }
        written.add(json);
        return written;
    }
}
