package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import org.depthlab.decode.DecodingEvaluation;
import org.depthlab.decode.Strategy;
import org.depthlab.models.Decoder;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.train.Checkpoint;
import org.depthlab.train.Evaluator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code depthlab eval}: a checkpoint on a puzzle file — exact and token accuracy, the
 * segments the halting head would use, and puzzles per second. For a decoder checkpoint,
 * {@code --strategy} (one or a comma-separated list) evaluates decoding strategies instead:
 * exact accuracy and, per puzzle, the tokens chosen and retracted and the model calls.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained checkpoint on held-out puzzles.",
            "Prints exact (whole-puzzle) and token accuracy, segments used and puzzles per",
            "second; every puzzle runs all segments.",
            "A decoder takes --strategy greedy,constrained,backtrack,... and reports each."})
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
        out.flush();
        return 0;
    }

    /** One line per strategy: exact accuracy and what each puzzle took on average. */
    private Integer strategies(Decoder decoder, Task task, List<Puzzle> puzzles) {
        List<Strategy> strategies = decoding.strategies();
        for (Strategy s : strategies) {
            if (s.needsConstraints() && !puzzles.isEmpty() && puzzles.get(0).constraints().isEmpty()) {
                throw new BadInputException("--strategy " + s.name() + " needs a task with constraints (sudoku or"
                        + " queens), not " + task.name() + ".");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "decoder on %d %s puzzles%n", puzzles.size(), task.name());
        out.printf(Locale.ROOT, "  %-34s %8s %9s %12s %12s %10s %9s%n", "strategy", "exact", "chosen", "retracted",
                "model calls", "dead ends", "puzzles/s");
        for (Strategy s : strategies) {
            DecodingEvaluation.Result r = DecodingEvaluation.evaluate(decoder, s, puzzles);
            out.printf(Locale.ROOT, "  %-34s %7.2f%% %9.1f %12.2f %12.1f %10d %9.1f%s%n", r.strategy(),
                    100 * r.exact(), r.meanNodes(), r.meanRetractions(), r.meanModelCalls(), r.deadEnds(),
                    r.puzzlesPerSecond(), r.budgetExhausted() > 0 ? "  (budget ran out on " + r.budgetExhausted()
                            + ")" : "");
            out.flush();
        }
        return 0;
    }
}
