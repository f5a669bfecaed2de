package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import org.depthlab.decode.DecodingEvaluation;
import org.depthlab.decode.Lr2BenchMetrics;
import org.depthlab.decode.Strategy;
import org.depthlab.experiments.Units;
import org.depthlab.models.Decoder;
import org.depthlab.models.Gram;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.StochasticModel;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.train.Checkpoint;
import org.depthlab.train.Evaluator;
import org.depthlab.train.Width;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code depthlab eval}: a checkpoint on a puzzle file — exact and token accuracy, the
 * segments the halting head would use, and puzzles per second. For a decoder checkpoint,
 * {@code --strategy} (one or a comma-separated list) evaluates decoding strategies instead:
 * exact accuracy and, per puzzle, the tokens chosen and retracted and the model calls. On the
 * constraint tasks both also print LR²Bench's metrics ({@link Lr2BenchMetrics}). With
 * {@code --samples N}, width at inference ({@link Width}): N samples of every puzzle,
 * aggregated by {@code --aggregate}, at N = 1, 2, 4, … up to N; {@code --noise} adds naive
 * noise to a trained TRM.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained checkpoint on held-out puzzles.",
            "Prints exact (whole-puzzle) and token accuracy, segments used and puzzles per",
            "second; every puzzle runs all segments.",
            "A decoder takes --strategy greedy,constrained,backtrack,... and reports each.",
            "--samples N runs N samples of every puzzle side by side (gram, or trm with",
            "--noise) and aggregates them by --aggregate vote, confidence or oracle."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "a directory written by depthlab train")
    private Path checkpoint;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "puzzles of the checkpoint's task")
    private Path testFile;

    @Option(names = "--segments", description = "segments per puzzle (default: the training setting)")
    private Integer segments;

    @Option(names = "--batch", defaultValue = "64", description = "puzzles per forward pass (default ${DEFAULT-VALUE})")
    private int batch;

    @Mixin
    private StrategyOptions decoding;

    @Option(names = "--samples", paramLabel = "N",
            description = "width: N samples of every puzzle, run as N rows of a batch, reported at N = 1, 2, 4, ..., N")
    private Integer samples;

    @Option(names = "--aggregate", defaultValue = "vote", paramLabel = "HOW",
            description = "with --samples: vote (the most frequent answer), confidence (the sample with the highest"
                    + " q_halt) or oracle (any right sample, by the puzzle's rules: an upper bound) (default ${DEFAULT-VALUE})")
    private String aggregate;

    @Option(names = "--noise", paramLabel = "SIGMA",
            description = "with --samples: naive Gaussian noise of this scale on a trm model's answer state")
    private Double noise;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
        Task task = Task.named(loaded.manifest().task());
        List<Puzzle> puzzles = Dataset.readPuzzles(task, testFile);
        if (decoding.given()) {
            if (!(loaded.model() instanceof Decoder decoder)) {
                throw new BadInputException("--strategy needs a decoder checkpoint; " + checkpoint + " holds a "
                        + loaded.manifest().model().kind() + " model.");
            }
            return strategies(decoder, task, puzzles);
        }
        int n = segments != null ? segments : loaded.manifest().train().maxSegments();
        if (n < 1 || batch < 1) {
            throw new org.depthlab.BadInputException("--segments and --batch must be at least 1");
        }
        if (samples != null) {
            return width(loaded, task, puzzles, n);
        }
        if (noise != null || spec.commandLine().getParseResult().hasMatchedOption("--aggregate")) {
            throw new BadInputException((noise != null ? "--noise" : "--aggregate") + " goes with --samples N.");
        }
        Evaluator.Result r = Evaluator.evaluate(loaded.model(), puzzles, n, batch);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %d %s puzzles, %d segments each%n", loaded.manifest().model().kind(), r.puzzles(),
                task.name(), n);
        out.printf(Locale.ROOT, "  exact accuracy   %6.2f%%%n", 100 * r.exact());
        out.printf(Locale.ROOT, "  token accuracy   %6.2f%%%n", 100 * r.tokenAccuracy());
        out.printf(Locale.ROOT, "  segments used    %6.2f   (where the halting head would stop)%n", r.averageSegments());
        out.printf(Locale.ROOT, "  puzzles/second   %6.1f%n", r.puzzlesPerSecond());
        StringBuilder curve = new StringBuilder("  exact after segment:");
        for (int i = 0; i < r.exactBySegment().length; i++) {
            curve.append(String.format(Locale.ROOT, " %d:%.1f%%", i + 1, 100 * r.exactBySegment()[i]));
        }
        out.println(curve);
        Lr2BenchMetrics.ofModel(loaded.model(), puzzles, n, batch).ifPresent(m -> lr2(out,
                List.of(loaded.manifest().model().kind() + ", " + n + " segments"), List.of(m)));
        out.flush();
        return 0;
    }

    /** LR²Bench's four metrics, one row per model or strategy (tasks with subtasks only). */
    private static void lr2(PrintWriter out, List<String> names, List<Lr2BenchMetrics.Result> rows) {
        out.printf(Locale.ROOT, "  LR²Bench metrics, one subtask = %s%n", rows.get(0).subtask());
        out.printf(Locale.ROOT, "  %-34s %11s %9s %8s %9s%n", "", "CR", "S-Acc", "EM", "PM-0.5");
        for (int i = 0; i < rows.size(); i++) {
            Lr2BenchMetrics.Result m = rows.get(i);
            out.printf(Locale.ROOT, "  %-34s %10.2f%% %8.2f%% %7.2f%% %8.2f%%%n", names.get(i), 100 * m.completionRatio(),
                    100 * m.subtaskAccuracy(), 100 * m.exactMatch(), 100 * m.partialMatch());
        }
    }

    /**
     * Width: N samples of every puzzle, each S segments; the chosen aggregate's exact accuracy,
     * pass@N and the distinct solutions found at N = 1, 2, 4, … N; and what width costs.
     */
    private Integer width(Checkpoint.Loaded loaded, Task task, List<Puzzle> puzzles, int segmentsEach) {
        Width.Aggregate how = Width.Aggregate.parse(aggregate);
        if (samples < 1) {
            throw new BadInputException("--samples must be at least 1, not " + samples);
        }
        RefinementModel model = loaded.model();
        String kind = loaded.manifest().model().kind();
        if (noise != null) {
            if (!(noise > 0)) {
                throw new BadInputException("--noise must be positive, not " + noise);
            }
            model = Gram.withNaiveNoise(model, noise);
            kind += String.format(Locale.ROOT, " with naive noise %s", Double.toString(noise));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %d %s puzzles: %d samples of %d segments each (seed %d), run side by side%n",
                kind, puzzles.size(), task.name(), samples, segmentsEach, decoding.sampleSeed);
        if (!(model instanceof StochasticModel)) {
            out.println("  this model draws no noise: every sample is the same answer (--noise SIGMA adds naive noise"
                    + " to a trm model)");
        }
        int[] ns = Width.doublings(samples);
        Width.Curve c = Width.curve(Width.sample(model, puzzles, samples, segmentsEach, decoding.sampleSeed, batch), ns);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-36s", "samples N"));
        StringBuilder chosen = new StringBuilder(String.format(Locale.ROOT, "  %-36s", how == Width.Aggregate.ORACLE
                ? "exact, oracle (pass@N, an upper bound)" : "exact, " + (how == Width.Aggregate.VOTE
                ? "majority vote" : "most confident sample")));
        StringBuilder pass = new StringBuilder(String.format(Locale.ROOT, "  %-36s", "pass@N (any sample right)"));
        StringBuilder distinct = new StringBuilder(String.format(Locale.ROOT, "  %-36s", "distinct solutions per puzzle"));
        for (int i = 0; i < ns.length; i++) {
            head.append(String.format(Locale.ROOT, " %7d", ns[i]));
            chosen.append(String.format(Locale.ROOT, " %6.2f%%", 100 * c.accuracy(how, i)));
            pass.append(String.format(Locale.ROOT, " %6.2f%%", 100 * c.pass()[i]));
            distinct.append(String.format(Locale.ROOT, " %7.2f", c.distinct()[i]));
        }
        out.println(head);
        out.println(chosen);
        if (how != Width.Aggregate.ORACLE) {
            out.println(pass);
        }
        out.println(distinct);
        Width.Cost cost = Width.cost(model, puzzles.get(0));
        out.printf(Locale.ROOT, "  sequential depth %d layer applications (%d segments x %d) at every N; %s a puzzle"
                + " for N samples%n", segmentsEach * cost.depthPerSegment(), segmentsEach, cost.depthPerSegment(),
                "N x " + Units.flops((double) segmentsEach * cost.flopsPerSegment()));
        if (how == Width.Aggregate.CONFIDENCE && !model.halts()) {
            out.println("  (this model has no halting head: its confidence is the mean log-probability of its answer)");
        }
        out.flush();
        return 0;
    }

    /** One line per strategy: exact accuracy and what each puzzle took on average. */
    private Integer strategies(Decoder decoder, Task task, List<Puzzle> puzzles) {
        List<Strategy> strategies = decoding.strategies();
        for (Strategy s : strategies) {
            if (s.needsConstraints() && !puzzles.isEmpty() && puzzles.get(0).constraints().isEmpty()) {
                throw new BadInputException("--strategy " + s.name() + " needs a task with constraints (sudoku,"
                        + " queens, futoshiki or logic), not " + task.name() + ".");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "decoder on %d %s puzzles%n", puzzles.size(), task.name());
        out.printf(Locale.ROOT, "  %-34s %8s %9s %12s %12s %10s %9s%n", "strategy", "exact", "chosen", "retracted",
                "model calls", "dead ends", "puzzles/s");
        List<String> names = new java.util.ArrayList<>();
        List<Lr2BenchMetrics.Result> metrics = new java.util.ArrayList<>();
        for (Strategy s : strategies) {
            DecodingEvaluation.Result r = DecodingEvaluation.evaluate(decoder, s, puzzles);
            r.lr2().ifPresent(m -> {
                names.add(r.strategy());
                metrics.add(m);
            });
            out.printf(Locale.ROOT, "  %-34s %7.2f%% %9.1f %12.2f %12.1f %10d %9.1f%s%n", r.strategy(),
                    100 * r.exact(), r.meanNodes(), r.meanRetractions(), r.meanModelCalls(), r.deadEnds(),
                    r.puzzlesPerSecond(), r.budgetExhausted() > 0 ? "  (budget ran out on " + r.budgetExhausted()
                            + ")" : "");
            out.flush();
        }
        if (!metrics.isEmpty()) {
            lr2(out, names, metrics);
            out.flush();
        }
        return 0;
    }
}
