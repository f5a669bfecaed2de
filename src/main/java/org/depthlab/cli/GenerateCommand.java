package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import org.depthlab.io.AtomicFiles;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.FutoshikiTask;
import org.depthlab.tasks.LogicGridTask;
import org.depthlab.tasks.MazeGenerator;
import org.depthlab.tasks.MazeTask;
import org.depthlab.tasks.PointerTask;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.QueensTask;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuTask;
import org.depthlab.tasks.Task;
import org.depthlab.tasks.TaskName;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code depthlab generate}: seeded puzzles of a task, one per line on stdout (mazes as
 * blocks separated by an empty line), or written to a file with {@code --out}. With
 * {@code --test-count} it draws a train/test split instead ({@link Dataset}) and writes
 * {@code train.txt} and {@code test.txt} into the {@code --out} directory. The same seed and
 * options give the same puzzles, byte for byte. An existing file, or a folder that holds
 * anything, is replaced only with {@code --force}.
 */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Generate seeded puzzles or quadratic programs.",
            "Puzzles: sudoku4, sudoku6, sudoku9, maze<N>, pointer, queens<N>, futoshiki<N>,",
            "logic<N>; quadratic programs: qp<N>, qpbox<N>.",
            "One puzzle per line on stdout (mazes: blocks separated by an empty line),",
            "or into --out FILE; with --test-count, a train/test split into --out DIR.",
            "An existing --out is replaced only with --force."})
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--task", required = true, paramLabel = "TASK",
            description = "sudoku4, sudoku6, sudoku9, maze<N> (e.g. maze30), pointer, queens<N> (e.g. queens8),"
                    + " futoshiki<N> (e.g. futoshiki5) or logic<N> (N houses, e.g. logic4)")
    private String task;

    @Option(names = "--count", defaultValue = "1", paramLabel = "N",
            description = "number of puzzles (the training set with --test-count; default ${DEFAULT-VALUE})")
    private int count;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--min-backtracks", paramLabel = "B",
            description = "sudoku, futoshiki, logic: least difficulty, in backtracks of the CSP solver (MRV order)")
    private Integer minBacktracks;

    @Option(names = "--clues", paramLabel = "C",
            description = "sudoku: most clues kept (default: remove until minimal); queens: queens given (default n/4)")
    private Integer clues;

    @Option(names = "--min-path", paramLabel = "L",
            description = "maze: least shortest-path length in moves (Maze-Hard: 111 on maze30)")
    private Integer minPath;

    @Option(names = "--loops", paramLabel = "P",
            description = "maze: probability of opening each remaining wall between rooms (default "
                    + MazeGenerator.DEFAULT_LOOPS + ")")
    private Double loops;

    @Option(names = "--nodes", paramLabel = "M", description = "pointer: number of nodes (default " + PointerTask.DEFAULT_NODES + ")")
    private Integer nodes;

    @Option(names = "--hops", paramLabel = "K", description = "pointer: number of hops (default " + PointerTask.DEFAULT_HOPS + ")")
    private Integer hops;

    @Option(names = "--condition", paramLabel = "MIN-MAX",
            description = "qp<N>, qpbox<N>: the range of condition numbers, log-uniform (default 2-10)")
    private String condition;

    @Option(names = "--test-count", paramLabel = "M",
            description = "also draw M test puzzles, none equivalent to a training one; --out is then a directory")
    private Integer testCount;

    @Option(names = "--out", paramLabel = "PATH", description = "write here (atomically) instead of stdout")
    private Path out;

    @Option(names = "--force", description = "replace --out if it exists (a dataset folder's train.txt and test.txt)")
    private boolean force;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (task.strip().toLowerCase(Locale.ROOT).startsWith("qp")) {
            return programs();
        }
        Task t = task();
        if (count < 0) {
            throw new BadInputException("--count must be at least 0, not " + count + ".");
        }
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        if (testCount != null) {
            if (out == null) {
                throw new BadInputException("--test-count writes train.txt and test.txt, so it needs --out DIR.");
            }
            Overwrites.requireEmptyFolder(out, force, "a dataset: --force replaces it", Dataset.TRAIN_FILE,
                    Dataset.TEST_FILE);
            Progress progress = Progress.of(err, "generate " + t.name(), (long) count + testCount);
            Dataset d = Dataset.generate(t, count, testCount, new SplittableRandom(seed), progress::update);
            progress.finish();
            d.write(out);
            err.println(String.format(Locale.ROOT, "generated %d training and %d test %s puzzles in %.1f s into %s",
                    count, testCount, t.name(), seconds(t0), out));
            err.flush();
            return 0;
        }
        if (out != null) {
            Overwrites.requireNewFile(out, force);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        StringBuilder file = new StringBuilder();
        Progress progress = Progress.of(err, "generate " + t.name(), count);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            Puzzle p = t.generate(rng);
            String text = (t.isMultiLine() && i > 0 ? "\n" : "") + p.format() + "\n";
            if (out == null) {
                stdout.print(text);
            } else {
                file.append(text);
            }
            progress.update(i + 1);
        }
        stdout.flush();
        progress.finish();
        if (out != null) {
            AtomicFiles.createDirectories(out.toAbsolutePath().getParent());
            AtomicFiles.writeString(out, file.toString());
        }
        err.println(String.format(Locale.ROOT, "generated %d %s puzzles in %.1f s%s", count, t.name(), seconds(t0),
                out == null ? "" : " into " + out));
        err.flush();
        return 0;
    }

    /**
     * Quadratic programs ({@code qp<N>}, {@code qpbox<N>}: N variables), one per line; they are not
     * puzzles, so the options of puzzles do not apply to them.
     */
    private int programs() {
        String name = task.strip().toLowerCase(Locale.ROOT);
        boolean box = name.startsWith("qpbox");
        String size = name.substring(box ? 5 : 2);
        if (!size.matches("[0-9]{1,2}")) {
            throw new BadInputException("--task " + task + ": quadratic programs are qp<N> or qpbox<N>, N variables.");
        }
        Object[] puzzleOptions = {minBacktracks, "--min-backtracks", clues, "--clues", minPath, "--min-path", loops,
            "--loops", nodes, "--nodes", hops, "--hops", testCount, "--test-count"};
        for (int i = 0; i < puzzleOptions.length; i += 2) {
            if (puzzleOptions[i] != null) {
                throw new BadInputException(puzzleOptions[i + 1] + " does not apply to quadratic programs.");
            }
        }
        String range = condition == null ? "2-10" : condition.strip();
        String[] bounds = range.split("-", 2);
        double lo;
        double hi;
        try {
            lo = Double.parseDouble(bounds[0]);
            hi = bounds.length > 1 ? Double.parseDouble(bounds[1]) : lo;
        } catch (NumberFormatException e) {
            throw new BadInputException("--condition must look like 2-10 (the least and largest condition number), not '"
                    + condition + "'.");
        }
        int n = Integer.parseInt(size);
        org.depthlab.tasks.QpTask t = new org.depthlab.tasks.QpTask(n, n, lo, hi, box);
        if (count < 0) {
            throw new BadInputException("--count must be at least 0, not " + count + ".");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < count; i++) {
            file.append(t.generate(rng).format()).append('\n');
        }
        if (out == null) {
            spec.commandLine().getOut().print(file);
            spec.commandLine().getOut().flush();
        } else {
            AtomicFiles.createDirectories(out.toAbsolutePath().getParent());
            AtomicFiles.writeString(out, file.toString());
        }
        spec.commandLine().getErr().println(String.format(Locale.ROOT, "generated %d %s programs%s", count, name,
                out == null ? "" : " into " + out));
        spec.commandLine().getErr().flush();
        return 0;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The task named by --task with the settings of the options that apply to it. */
    private Task task() {
        TaskName name = TaskName.parse(task);
        if (name.size() == 0 && name.family() != TaskName.Family.POINTER) {
            throw new BadInputException("--task " + task + " needs a size, e.g. " + name.family().example() + ".");
        }
        switch (name.family()) {
            case SUDOKU:
                only(name, minPath, "--min-path", loops, "--loops", nodes, "--nodes", hops, "--hops");
                return new SudokuTask(Sudoku.Shape.of(name.size()), or(minBacktracks, 0), or(clues, 0));
            case MAZE:
                only(name, minBacktracks, "--min-backtracks", clues, "--clues", nodes, "--nodes", hops, "--hops");
                return new MazeTask(name.size(), or(minPath, 0), loops == null ? MazeGenerator.DEFAULT_LOOPS : loops);
            case POINTER:
                only(name, minBacktracks, "--min-backtracks", clues, "--clues", minPath, "--min-path", loops, "--loops");
                return new PointerTask(or(nodes, PointerTask.DEFAULT_NODES), or(hops, PointerTask.DEFAULT_HOPS));
            case QUEENS:
                only(name, minBacktracks, "--min-backtracks", minPath, "--min-path", loops, "--loops",
                        nodes, "--nodes", hops, "--hops");
                return new QueensTask(name.size(), or(clues, QueensTask.defaultGivens(name.size())));
            case FUTOSHIKI:
                only(name, clues, "--clues", minPath, "--min-path", loops, "--loops", nodes, "--nodes", hops, "--hops");
                return new FutoshikiTask(name.size(), or(minBacktracks, 0));
            case LOGIC:
                only(name, clues, "--clues", minPath, "--min-path", loops, "--loops", nodes, "--nodes", hops, "--hops");
                return new LogicGridTask(name.size(), or(minBacktracks, 0));
            default:
                throw new AssertionError(name);
        }
    }

    private static int or(Integer value, int otherwise) {
        return value == null ? otherwise : value;
    }

    /** Rejects options given for a task they do not apply to (pairs of value, flag). */
    private static void only(TaskName name, Object... valueFlagPairs) {
        for (int i = 0; i < valueFlagPairs.length; i += 2) {
            if (valueFlagPairs[i] != null) {
                throw new BadInputException(valueFlagPairs[i + 1] + " does not apply to " + name + " puzzles.");
            }
        }
    }
}
