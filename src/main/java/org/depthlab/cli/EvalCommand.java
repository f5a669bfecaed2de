package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.train.Checkpoint;
import org.depthlab.train.Evaluator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code depthlab eval}: a checkpoint on a puzzle file — exact and token accuracy, the
 * segments the halting head would use, and puzzles per second.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained checkpoint on held-out puzzles: exact (whole-puzzle) and token",
            "accuracy, segments used, puzzles per second. Every puzzle runs all segments."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "a directory written by depthlab train")
    private Path checkpoint;

    @Option(names = "--test", required = true, paramLabel = "FILE", description = "puzzles of the checkpoint's task")
    private Path testFile;

    @Option(names = "--segments", description = "segments per puzzle (default: the training setting)")
    private Integer segments;

    @Option(names = "--batch", defaultValue = "64", description = "puzzles per forward pass (default ${DEFAULT-VALUE})")
    private int batch;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
        Task task = Task.named(loaded.manifest().task());
        List<Puzzle> puzzles = Dataset.readPuzzles(task, testFile);
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
}
