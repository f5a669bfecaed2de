package org.depthlab.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.depthlab.BadInputException;
import org.depthlab.io.AtomicFiles;
import org.depthlab.solve.SolverResult;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Tokens;

/**
 * An experiment's report from whatever runs have finished, wherever they ran: the results in
 * the experiment's own folder and in any folders given with {@code --from} (runs made on other
 * machines, copied back or on a shared disk) are merged by run — a run is identified by its
 * id and hash, so a result made from another version of the spec is never mixed in.
 *
 * <p>It writes {@code results/<name>.json} (the tables' numbers and every figure's data),
 * {@code results/<name>.md} (the tables, the budget in words, the figures) and
 * {@code figures/<name>-*.svg} with a PNG beside each. Every number over seeds is the mean with
 * the least and largest value ({@link Stats}); every table says how the budget was matched.
 */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Plan plan;
    private final Map<String, RunResult> results;
    private final List<String> missing;
    private final int stale;

    private Report(Plan plan, Map<String, RunResult> results, List<String> missing, int stale) {
        this.plan = plan;
        this.results = results;
        this.missing = missing;
        this.stale = stale;
    }

    /** What was written. */
    public record Written(Path json, Path markdown, List<Path> figures) {
    }

    /**
     * Finds the results of {@code plan}'s runs in its folder and under each of {@code from}
     * (searched a few levels deep for folders named like the runs).
     */
    public static Report collect(Plan plan, List<Path> from) {
        Map<String, Plan.Run> byFolder = new LinkedHashMap<>();
        for (Plan.Run r : plan.runs()) {
            byFolder.put(r.folderName(), r);
        }
        Map<String, RunResult> found = new LinkedHashMap<>();
        int[] stale = {0};
        List<Path> roots = new ArrayList<>();
        roots.add(plan.root().resolve("runs"));
        roots.addAll(from);
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                if (!root.equals(plan.root().resolve("runs"))) {
                    throw new BadInputException("--from " + root + " is not a folder.");
                }
                continue;
            }
            try (Stream<Path> dirs = Files.walk(root, 4)) {
                dirs.filter(Files::isDirectory).forEach(d -> {
                    String name = d.getFileName().toString();
                    Plan.Run run = byFolder.get(name);
                    RunResult r = RunResult.readIfPresent(d);
                    if (run != null && r != null && r.hash().equals(run.hash())) {
                        found.putIfAbsent(run.id(), r);
                    } else if (run == null && r != null && byId(plan, r.id())) {
                        stale[0]++;
                    }
                });
            } catch (IOException e) {
                throw new BadInputException("cannot search " + root + ": " + e.getMessage() + ".");
            }
        }
        Map<String, RunResult> ordered = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Plan.Run r : plan.runs()) {
            RunResult x = found.get(r.id());
            if (x != null) {
                ordered.put(r.id(), x);
            } else {
                missing.add(r.id());
            }
        }
        return new Report(plan, ordered, missing, stale[0]);
    }

    private static boolean byId(Plan plan, String id) {
        return plan.runs().stream().anyMatch(r -> r.id().equals(id));
    }

    /** Runs with a result. */
    public int finished() {
        return results.size();
    }

    /** Ids of the runs without a result. */
    public List<String> missing() {
        return missing;
    }

    /** Results found that belong to another version of the spec (ignored). */
    public int stale() {
        return stale;
    }

    // ------------------------------------------------------------------ rows

    /** The results of one (dataset, model). */
    private List<RunResult> of(Plan.Point p) {
        return results.values().stream().filter(r -> r.data().equals(p.data()) && r.model().equals(p.model())).toList();
    }

    private static Stats stat(List<RunResult> rs, java.util.function.ToDoubleFunction<RunResult> f) {
        return Stats.of(rs.stream().map(r -> f.applyAsDouble(r)).toList());
    }

    private static double at(double[] values, int i) {
        return i >= 0 && i < values.length ? values[i] : Double.NaN;
    }

    /** The CSP solver's row for a dataset: always right, at a cost in nodes and backtracks. */
    private record SolverRow(int puzzles, double exact, double meanNodes, double meanBacktracks, long maxBacktracks,
                             Map<Integer, int[]> buckets) {
    }

    private SolverRow solver(Dataset data) {
        int n = 0;
        int right = 0;
        long nodes = 0;
        long backtracks = 0;
        long most = 0;
        Map<Integer, int[]> buckets = new LinkedHashMap<>();
        for (Puzzle p : data.test()) {
            SolverResult r = Difficulty.solve(p).orElse(null);
            if (r == null) {
                return null;
            }
            n++;
            boolean ok = false;
            if (r.solved()) {
                int[] solution = r.first();
                int[] answer = new int[solution.length];
                for (int i = 0; i < solution.length; i++) {
                    answer[i] = Tokens.ofValue(solution[i]);
                }
                ok = p.isCorrect(answer);
            }
            right += ok ? 1 : 0;
            nodes += r.nodes();
            backtracks += r.backtracks();
            most = Math.max(most, r.backtracks());
            int[] b = buckets.computeIfAbsent(Difficulty.bucket(r.backtracks()), k -> new int[2]);
            b[0]++;
            b[1] += ok ? 1 : 0;
        }
        return n == 0 ? null : new SolverRow(n, right / (double) n, nodes / (double) n, backtracks / (double) n, most,
                buckets);
    }

    // ------------------------------------------------------------------ figures

    /** Every figure the spec asks for, from the results at hand. */
    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        boolean several = plan.spec().data().size() > 1;
        for (Spec.DataSpec d : plan.spec().data()) {
            String suffix = several ? "-" + d.name() : "";
            String on = several ? " — " + d.name() : "";
            List<Plan.Point> points = plan.points().stream().filter(p -> p.data().equals(d.name())).toList();
            for (String kind : plan.spec().figures()) {
                switch (kind) {
                    case "learning-curves" -> out.addAll(Figures.learningCurves(points, this::of, suffix, on));
                    case "test-time-compute" -> out.add(Figures.testTimeCompute(points, this::of, suffix, on));
                    case "decoder-search" -> out.addAll(Figures.decoderSearch(points, this::of, suffix, on));
                    case "difficulty" -> {
                        SolverRow s = solver(plan.dataset(plan.runs().stream()
                                .filter(r -> r.data().equals(d.name())).findFirst().orElseThrow()));
                        if (s != null && plan.spec().evaluation().difficulty()) {
                            Map<Integer, double[]> solverBuckets = new LinkedHashMap<>();
                            s.buckets().forEach((k, v) -> solverBuckets.put(k, new double[] {v[0], v[1] / (double) v[0]}));
                            out.add(Figures.difficulty(points, this::of, solverBuckets, suffix, on));
                        }
                    }
                    case "depth" -> out.addAll(Figures.depth(points, this::of, suffix, on));
                    case "width" -> out.addAll(WidthEvaluation.figures(points, this::of, suffix, on));
                    case "width-vs-depth" -> out.addAll(WidthEvaluation.versusDepth(points, this::of, suffix, on));
                    default -> throw new IllegalStateException("unknown figure " + kind);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ markdown

    /** The report as Markdown; figures are linked as {@code figureDir/<name>-<figure>.svg}. */
    public String markdown(String figureDir, List<Figure> figures) {
        Spec spec = plan.spec();
        StringBuilder b = new StringBuilder();
        b.append("# ").append(spec.title()).append("\n\n");
        if (!spec.description().isBlank()) {
            b.append(spec.description().strip()).append("\n\n");
        }
        String scale = plan.scale() == Spec.Scale.REAL ? "" : " --scale " + plan.scale().label();
        b.append(String.format(Locale.ROOT, "Generated by `depthlab experiment report %s%s` from %d of %d runs (%s scale)",
                spec.name(), scale, finished(), plan.runs().size(), plan.scale().label()));
        TreeSet<String> versions = new TreeSet<>();
        results.values().forEach(r -> versions.add(r.version()));
        b.append(versions.isEmpty() ? ".\n" : ", made with " + String.join("; ", versions) + ".\n");
        b.append("To reproduce: `./depthlab experiment run ").append(spec.name()).append(scale)
                .append("`, then `./depthlab experiment report ").append(spec.name()).append(scale).append("`.\n\n");
        if (!missing.isEmpty()) {
            b.append("**Not finished yet** (").append(missing.size()).append(" runs): ")
                    .append(String.join(", ", missing)).append(". The numbers below are from the runs that finished.\n\n");
        }
        b.append("**Budget.** ").append(plan.budget()).append("\n\n");
        for (Spec.DataSpec d : spec.data()) {
            appendDataset(b, d);
        }
        if (!figures.isEmpty()) {
            b.append("## Figures\n\n");
            for (Figure f : figures) {
                b.append("![").append(f.title()).append("](").append(figureDir).append('/').append(spec.name())
                        .append('-').append(f.name()).append(".svg)\n\n*").append(f.caption()).append("*\n\n");
            }
        }
        b.append("Each number is the mean over seeds, with the least and largest value in brackets. \"Exact\" is the"
                + " fraction of held-out puzzles whose whole answer is right (by the puzzle's rules); \"cells\" the"
                + " fraction of labelled cells right. Training FLOPs are the Meter's count: each update's forward FLOPs"
                + " plus twice those recorded for backward. Wall times are from the machine each run ran on, which may"
                + " have been shared: read them as upper bounds. Files: `results/" + spec.name() + ".json` holds every"
                + " number and every figure's data.\n");
        return b.toString();
    }

    /** A model's name in a table, with its kind in brackets when the name does not already say it. */
    private static String label(Plan.Point p) {
        return p.model().equals(p.kind()) ? p.model() : p.model() + " (" + p.kind() + ")";
    }

    private void appendDataset(StringBuilder b, Spec.DataSpec d) {
        Spec spec = plan.spec();
        b.append("## ").append(d.name().equals(d.task()) ? d.name() : d.name() + ": " + d.task()).append(String.format(Locale.ROOT,
                ", %,d training and %,d held-out puzzles", d.train(), d.testPuzzles()));
        b.append(d.strata().isEmpty() ? "" : " (" + d.test() + " as drawn, the rest drawn at least as hard as "
                + String.join(", ", d.strata().stream().map(s -> s.count() + " at ≥ " + s.minBacktracks()
                + " backtracks").toList()) + ")");
        b.append(String.format(Locale.ROOT, ", seed %d\n\n", d.seed()));
        b.append(spec.budget().match() == Spec.Match.FLOPS ? "Matched: equal training FLOPs.\n\n"
                : spec.budget().match() == Spec.Match.PARAMETERS ? "Matched: equal parameters (within the tolerance"
                + " above) and equal updates.\n\n" : "Matched: equal updates.\n\n");
        b.append("| model | parameters | layer applications per segment | updates | training FLOPs | exact | cells |"
                + " exact after the trained segments → twice as many | training time | seeds |\n");
        b.append("| --- | ---: | ---: | ---: | ---: | --- | --- | --- | ---: | ---: |\n");
        List<Plan.Point> points = plan.points().stream().filter(p -> p.data().equals(d.name())).toList();
        for (Plan.Point p : points) {
            List<RunResult> rs = of(p);
            String tt;
            if (p.kind().equals("decoder")) {
                tt = "— (one decoding)";
            } else {
                int s = p.segments();
                int s2 = s * spec.evaluation().segmentsTimes();
                tt = String.format(Locale.ROOT, "%s → %s (%d → %d)", stat(rs, r -> at(r.exactBySegment(), s - 1)).percent(),
                        stat(rs, r -> at(r.exactBySegment(), s2 - 1)).percent(), s, s2);
            }
            Stats seconds = stat(rs, RunResult::trainSeconds);
            b.append(String.format(Locale.ROOT, "| %s | %,d | %d | %,d | %s | %s | %s | %s | %s | %d of %d |\n",
                    label(p), p.parameters(), p.layerApplications(), p.updates(),
                    Units.number((double) p.updates() * p.flops().perUpdate()),
                    stat(rs, RunResult::exact).percent(), stat(rs, RunResult::cells).percent(), tt,
                    seconds.n() == 0 ? "—" : Units.clock(seconds.mean()), rs.size(), spec.seeds().size()));
        }
        b.append('\n');
        List<String> stopped = new ArrayList<>();
        for (Plan.Point p : points) {
            for (RunResult r : of(p)) {
                if (r.stoppedBecause() != null) {
                    stopped.add(r.id() + ": " + r.stoppedBecause());
                }
            }
        }
        if (!stopped.isEmpty()) {
            b.append("Stopped early: ").append(String.join("; ", stopped)).append(".\n\n");
        }
        appendDecoding(b, points);
        appendLr2(b, points);
        WidthEvaluation.appendTable(b, points, this::of);
        SolverRow s = solver(plan.dataset(plan.runs().stream().filter(r -> r.data().equals(d.name())).findFirst()
                .orElseThrow()));
        if (s != null) {
            b.append(String.format(Locale.ROOT, "The CSP solver (forward checking, fewest values first) solves %s of the"
                    + " %d held-out puzzles, with %.1f nodes and %.2f backtracks per puzzle on average (at most %d).\n\n",
                    Units.percent(s.exact()), s.puzzles(), s.meanNodes(), s.meanBacktracks(), s.maxBacktracks()));
        }
    }

    private void appendDecoding(StringBuilder b, List<Plan.Point> points) {
        List<Plan.Point> decoders = points.stream().filter(p -> p.kind().equals("decoder")).toList();
        if (decoders.isEmpty()) {
            return;
        }
        b.append("| decoder | strategy | exact | model calls per puzzle | tokens taken back per puzzle |"
                + " decodings ending in a dead end |\n| --- | --- | --- | ---: | ---: | ---: |\n");
        for (Plan.Point p : decoders) {
            List<RunResult> rs = of(p);
            if (rs.isEmpty()) {
                continue;
            }
            for (int i = 0; i < rs.get(0).strategies().size(); i++) {
                int k = i;
                String name = rs.get(0).strategies().get(i).strategy();
                b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f | %.2f | %.1f |\n", p.model(), name,
                        stat(rs, r -> r.strategies().get(k).exact()).percent(),
                        stat(rs, r -> r.strategies().get(k).meanModelCalls()).mean(),
                        stat(rs, r -> r.strategies().get(k).meanRetractions()).mean(),
                        stat(rs, r -> r.strategies().get(k).deadEnds()).mean()));
            }
        }
        b.append('\n');
    }

    /**
     * LR²Bench's four metrics (decode/Lr2BenchMetrics) for every refinement model and decoding
     * strategy, on the constraint tasks.
     */
    private void appendLr2(StringBuilder b, List<Plan.Point> points) {
        StringBuilder rows = new StringBuilder();
        String subtask = null;
        for (Plan.Point p : points) {
            List<RunResult> rs = of(p).stream().filter(r -> r.lr2() != null || r.strategies().stream()
                    .anyMatch(x -> x.lr2() != null)).toList();
            if (rs.isEmpty()) {
                continue;
            }
            if (rs.get(0).lr2() != null) {
                subtask = rs.get(0).lr2().subtask();
                rows.append(lr2Row(label(p), "—", rs, r -> r.lr2()));
            }
            for (int i = 0; i < rs.get(0).strategies().size(); i++) {
                int k = i;
                if (rs.get(0).strategies().get(i).lr2() != null) {
                    subtask = rs.get(0).strategies().get(i).lr2().subtask();
                    rows.append(lr2Row(label(p), rs.get(0).strategies().get(i).strategy(), rs,
                            r -> r.strategies().get(k).lr2()));
                }
            }
        }
        if (rows.length() == 0) {
            return;
        }
        b.append("LR²Bench's metrics (one subtask = ").append(subtask).append("): completion ratio, subtask accuracy,"
                + " exact match and partial match (at least half the subtasks right).\n\n| model | strategy | CR | S-Acc"
                + " | EM | PM-0.5 |\n| --- | --- | --- | --- | --- | --- |\n").append(rows).append('\n');
    }

    private String lr2Row(String model, String strategy, List<RunResult> rs,
                          java.util.function.Function<RunResult, org.depthlab.decode.Lr2BenchMetrics.Result> of) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |\n", model, strategy,
                stat(rs, r -> of.apply(r).completionRatio()).percent(), stat(rs, r -> of.apply(r).subtaskAccuracy()).percent(),
                stat(rs, r -> of.apply(r).exactMatch()).percent(), stat(rs, r -> of.apply(r).partialMatch()).percent());
    }

    // ------------------------------------------------------------------ json

    /** Every number of the report and every figure's data. */
    public ObjectNode json(List<Figure> figures) {
        Spec spec = plan.spec();
        ObjectNode o = JSON.createObjectNode();
        o.put("experiment", spec.name());
        o.put("title", spec.title());
        o.put("scale", plan.scale().label());
        o.put("budget", plan.budget());
        o.put("match", spec.budget().match().name().toLowerCase(Locale.ROOT));
        String scale = plan.scale() == Spec.Scale.REAL ? "" : " --scale " + plan.scale().label();
        ArrayNode commands = o.putArray("commands");
        commands.add("depthlab experiment run " + spec.name() + scale);
        commands.add("depthlab experiment report " + spec.name() + scale);
        ArrayNode versions = o.putArray("versions");
        new TreeSet<>(results.values().stream().map(RunResult::version).toList()).forEach(versions::add);
        o.put("runsPlanned", plan.runs().size());
        o.put("runsFinished", finished());
        ArrayNode miss = o.putArray("missing");
        missing.forEach(miss::add);
        ArrayNode rows = o.putArray("rows");
        for (Plan.Point p : plan.points()) {
            List<RunResult> rs = of(p);
            ObjectNode row = rows.addObject();
            row.put("data", p.data());
            row.put("model", p.model());
            row.put("family", p.family());
            row.put("kind", p.kind());
            row.put("parameters", p.parameters());
            row.put("layerApplications", p.layerApplications());
            row.put("updates", p.updates());
            row.put("flopsPerUpdate", p.flops().perUpdate());
            row.put("trainingFlops", (double) p.updates() * p.flops().perUpdate());
            row.put("trainedSegments", p.segments());
            row.set("exact", JSON.valueToTree(stat(rs, RunResult::exact)));
            row.set("cells", JSON.valueToTree(stat(rs, RunResult::cells)));
            row.set("trainSeconds", JSON.valueToTree(stat(rs, RunResult::trainSeconds)));
            ArrayNode seeds = row.putArray("runs");
            for (RunResult r : rs) {
                ObjectNode x = seeds.addObject();
                x.put("id", r.id());
                x.put("seed", r.seed());
                x.put("exact", r.exact());
                x.put("cells", r.cells());
                x.put("trainSeconds", r.trainSeconds());
                x.put("version", r.version());
                if (!r.strategies().isEmpty()) {
                    x.set("strategies", JSON.valueToTree(r.strategies()));
                }
                if (r.width() != null && !r.width().isEmpty()) {
                    x.set("width", JSON.valueToTree(r.width()));
                }
            }
        }
        o.set("figures", JSON.valueToTree(figures));
        return o;
    }

    // ------------------------------------------------------------------ writing

    /** How many runs the report in {@code json} was made from (0 when it cannot be read). */
    private static int runsIn(Path json) {
        try {
            return JSON.readTree(json.toFile()).path("runsFinished").asInt(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Writes the report under {@code out} ({@code results/} and {@code figures/}). A report made
     * from fewer runs than the one already there is refused unless {@code force}: the results
     * committed with the book are not replaced by a partial sweep by accident.
     */
    public Written write(Path out, boolean force) {
        if (finished() == 0) {
            throw new BadInputException("no run of " + plan.spec().name() + " has finished at " + plan.scale().label()
                    + " scale; run 'depthlab experiment run " + plan.spec().name()
                    + (plan.scale() == Spec.Scale.REAL ? "" : " --scale " + plan.scale().label()) + "' first.");
        }
        String name = plan.spec().name();
        Path json = out.resolve("results").resolve(name + ".json");
        Path md = out.resolve("results").resolve(name + ".md");
        if (!force && Files.isRegularFile(json)) {
            int before = runsIn(json);
            if (before > finished()) {
                throw new BadInputException(json + " was made from " + before + " runs and this report has only "
                        + finished() + "; pass --force to replace it.");
            }
        }
        List<Figure> figures = figures();
        AtomicFiles.createDirectories(out.resolve("figures"));
        AtomicFiles.createDirectories(out.resolve("results"));
        List<Path> written = new ArrayList<>();
        for (Figure f : figures) {
            Path svg = out.resolve("figures").resolve(name + "-" + f.name() + ".svg");
            Path png = out.resolve("figures").resolve(name + "-" + f.name() + ".png");
            AtomicFiles.writeString(svg, SvgCanvas.render(f));
            byte[] bytes = PngCanvas.render(f);
            AtomicFiles.write(png, o -> o.write(bytes));
            written.add(svg);
            written.add(png);
        }
        try {
            AtomicFiles.writeString(json, JSON.writeValueAsString(json(figures)) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the report's JSON", e);
        }
        AtomicFiles.writeString(md, markdown("../figures", figures));
        return new Written(json, md, written);
    }
}
