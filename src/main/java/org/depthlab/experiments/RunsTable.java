package org.depthlab.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.depthlab.BadInputException;
import org.depthlab.models.RefinementModel;
import org.depthlab.tasks.PointerTask;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.train.Checkpoint;

/**
 * The training runs under a folder — every checkpoint, whether {@code depthlab train} or the
 * lab made it — as one table: model, parameters, updates, training FLOPs, wall time, and the
 * last held-out exact and cell accuracy from its {@code metrics.jsonl}. What
 * {@code depthlab runs} prints and the site's runs page shows.
 *
 * <p>Training FLOPs come from {@code metrics.jsonl} when the run recorded them (the lab's
 * runs do); otherwise they are measured here, by the Meter, on one update of the model built
 * from the checkpoint's configuration ({@link TrainingFlops}: shapes decide FLOPs, so a few
 * freshly generated puzzles of the task measure it exactly).
 */
public final class RunsTable {

    /**
     * One run.
     *
     * @param name          its folder, relative to the folder listed
     * @param exact         the last held-out exact accuracy, NaN when it was never evaluated
     * @param cells         the last held-out cell accuracy, NaN likewise
     * @param wallSeconds   training wall time so far (running total of metrics.jsonl), NaN without metrics
     * @param curve         its metrics lines with a held-out evaluation
     * @param problem       why the run could not be read, or null
     */
    public record Row(Path dir, String name, String kind, String task, long parameters, long updates,
                      long trainingFlops, double wallSeconds, double exact, double cells,
                      List<MetricsLog.Line> curve, String problem) {
    }

    private RunsTable() {
    }

    /** Every run folder (a folder with a checkpoint's {@code config.json}) under {@code root}, sorted. */
    public static List<Path> find(Path root) {
        if (!Files.isDirectory(root)) {
            throw new BadInputException(root + " is not a folder.");
        }
        try (Stream<Path> s = Files.walk(root, 6)) {
            return s.filter(d -> Files.isRegularFile(d.resolve(Checkpoint.CONFIG_FILE))).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("cannot list " + root + ": " + e.getMessage() + ".");
        }
    }

    /** The rows of every run under {@code root}. */
    public static List<Row> of(Path root) {
        List<Row> rows = new ArrayList<>();
        Map<String, long[]> measured = new HashMap<>();
        for (Path dir : find(root)) {
            String name = root.relativize(dir).toString();
            rows.add(row(dir, name.isEmpty() ? dir.getFileName().toString() : name, measured));
        }
        return rows;
    }

    /** The row of one run folder ({@code depthlab plot} reads curves this way too). */
    public static Row row(Path dir, String name) {
        return row(dir, name, new HashMap<>());
    }

    private static Row row(Path dir, String name, Map<String, long[]> measured) {
        Checkpoint.Manifest m;
        try {
            m = Checkpoint.manifest(dir);
        } catch (BadInputException e) {
            return new Row(dir, name, "?", "?", 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, List.of(), e.getMessage());
        }
        List<MetricsLog.Line> lines = Files.isRegularFile(dir.resolve(MetricsLog.FILE))
                ? MetricsLog.read(dir.resolve(MetricsLog.FILE)) : List.of();
        List<MetricsLog.Line> curve = lines.stream().filter(MetricsLog.Line::evaluated).toList();
        long steps = m.progress().step();
        // Parameters and FLOPs per update, measured once per distinct configuration.
        String key = Hashes.canonical(m.model()) + Hashes.canonical(m.train().withSteps(1)) + m.task();
        long[] pf = measured.computeIfAbsent(key, k -> measure(m));
        MetricsLog.Line last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        long flops = last != null && last.trainingFlops() > 0 && last.step() == steps ? last.trainingFlops()
                : steps * pf[1];
        MetricsLog.Line eval = curve.isEmpty() ? null : curve.get(curve.size() - 1);
        return new Row(dir, name, m.model().kind(), m.task(), pf[0], steps, flops,
                last == null ? Double.NaN : last.elapsedSeconds(), eval == null ? Double.NaN : eval.testExact(),
                eval == null ? Double.NaN : eval.testCells(), curve, null);
    }

    /** {parameters, training FLOPs per update} of the run's model, built from its configuration. */
    private static long[] measure(Checkpoint.Manifest m) {
        RefinementModel model = m.model().build(m.modelSeed());
        // A task's name gives its shape, except pointer chasing's number of nodes: the model's length does.
        Task task = m.task().equals("pointer") ? new PointerTask(model.seqLen() - 2, PointerTask.DEFAULT_HOPS)
                : Task.named(m.task());
        SplittableRandom rng = new SplittableRandom(1);
        List<Puzzle> sample = List.of(task.generate(rng), task.generate(rng));
        return new long[] {model.parameterCount(), TrainingFlops.measure(model, m.train(), sample).perUpdate()};
    }

    /** The table as text, one run a line. */
    public static String format(List<Row> rows) {
        int width = Math.max(4, rows.stream().mapToInt(r -> r.name().length()).max().orElse(4));
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s  %-11s  %-8s %11s %9s %14s %10s %7s %7s%n",
                "run", "model", "task", "parameters", "updates", "training FLOPs", "wall time", "exact", "cells"));
        for (Row r : rows) {
            if (r.problem() != null) {
                b.append(String.format(Locale.ROOT, "%-" + width + "s  cannot be read: %s%n", r.name(), r.problem()));
                continue;
            }
            b.append(String.format(Locale.ROOT, "%-" + width + "s  %-11s  %-8s %,11d %,9d %14s %10s %7s %7s%n", r.name(),
                    r.kind(), r.task(), r.parameters(), r.updates(), Units.number(r.trainingFlops()),
                    Double.isNaN(r.wallSeconds()) ? "—" : Units.clock(r.wallSeconds()),
                    Double.isNaN(r.exact()) ? "—" : Units.percent(r.exact()),
                    Double.isNaN(r.cells()) ? "—" : Units.percent(r.cells())));
        }
        return b.toString();
    }

    /**
     * Learning curves of {@code rows} in one figure: held-out exact accuracy (or cells) against
     * updates (or training FLOPs), one series per run.
     */
    public static Figure curves(List<Row> rows, boolean byFlops, boolean exact) {
        List<Figure.Series> series = new ArrayList<>();
        for (Row r : rows) {
            int n = r.curve().size();
            double[] xs = new double[n];
            double[] ys = new double[n];
            long perUpdate = r.updates() == 0 ? 0 : r.trainingFlops() / r.updates();
            for (int i = 0; i < n; i++) {
                MetricsLog.Line l = r.curve().get(i);
                xs[i] = byFlops ? (l.trainingFlops() > 0 ? l.trainingFlops() : (double) l.step() * perUpdate) : l.step();
                ys[i] = 100 * (exact ? l.testExact() : l.testCells());
            }
            series.add(new Figure.Series(r.name() + " (" + r.kind() + ")", xs, ys, ys.clone(), ys.clone(), 1));
        }
        return new Figure("curves", exact ? "Held-out exact accuracy while training" : "Held-out cells right while training",
                byFlops ? Figures.FLOPS : Figures.UPDATES, exact ? Figures.EXACT : Figures.CELLS, Figure.Scale.LINEAR,
                List.of(), 0, 100, series, List.of(), "Each run's held-out evaluations from its metrics.jsonl.");
    }
}
