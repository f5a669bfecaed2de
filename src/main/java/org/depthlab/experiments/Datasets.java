package org.depthlab.experiments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.FutoshikiTask;
import org.depthlab.tasks.LogicGridTask;
import org.depthlab.tasks.PointerTask;
import org.depthlab.tasks.QueensTask;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuTask;
import org.depthlab.tasks.Task;
import org.depthlab.tasks.TaskName;

/**
 * The datasets of an experiment, generated from their spec and kept in the experiment's
 * folder under {@code data/<name>-<hash>/} ({@code train.txt}, {@code test.txt}). The same
 * spec gives the same puzzles byte for byte, so a run on another machine that generates its
 * own copy trains on the same data; two processes that generate one at the same time write
 * the same bytes (each file atomically).
 *
 * <p>A dataset is {@link Dataset#generate}'s split — no test puzzle is an augmentation of a
 * training one — followed, when the spec has strata, by extra test puzzles at least a given
 * number of solver backtracks hard, again none equivalent to any puzzle before it. Strata
 * make a test set span easy to hard puzzles for the difficulty figure.
 */
final class Datasets {

    private Datasets() {
    }

    /** The task a dataset spec draws from. */
    static Task task(Spec.DataSpec d) {
        TaskName name = TaskName.parse(d.task());
        switch (name.family()) {
            case SUDOKU:
                if (name.size() == 0) {
                    throw new BadInputException("dataset '" + d.name() + "': the task needs a size, e.g. sudoku6.");
                }
                return new SudokuTask(Sudoku.Shape.of(name.size()), d.minBacktracks(), d.clues());
            case POINTER:
                return new PointerTask(d.nodes() > 0 ? d.nodes() : PointerTask.DEFAULT_NODES,
                        d.hops() > 0 ? d.hops() : PointerTask.DEFAULT_HOPS);
            case FUTOSHIKI:
            case LOGIC:
                if (name.size() == 0 || d.clues() != 0) {
                    throw new BadInputException("dataset '" + d.name() + "': the task needs a size (e.g. "
                            + name.family().example() + ") and takes no clues.");
                }
                return harder(Task.named(d.task()), d.minBacktracks());
            case QUEENS:
                if (d.clues() > 0 && d.minBacktracks() == 0 && d.strata().isEmpty() && name.size() > 0) {
                    // N-Queens completion with this many queens given (chapter 14: few clues, several solutions).
                    return new QueensTask(name.size(), d.clues());
                }
                // Otherwise as any other task: its default number of given queens.
            default:
                if (d.minBacktracks() != 0 || d.clues() != 0 || !d.strata().isEmpty()) {
                    throw new BadInputException("dataset '" + d.name() + "': minBacktracks and strata apply to Sudoku,"
                            + " Futoshiki and logic grids only, clues to Sudoku and N-Queens of a given size.");
                }
                return Task.named(d.task());
        }
    }

    /** The same task drawing puzzles at least {@code minBacktracks} hard (the tasks whose generators take a difficulty). */
    static Task harder(Task task, int minBacktracks) {
        if (task instanceof SudokuTask s) {
            return new SudokuTask(s.shape(), minBacktracks, s.clues());
        }
        if (task instanceof FutoshikiTask f) {
            return new FutoshikiTask(f.n(), minBacktracks);
        }
        if (task instanceof LogicGridTask l) {
            return new LogicGridTask(l.houses(), minBacktracks);
        }
        throw new BadInputException(task.name() + " takes no difficulty.");
    }

    /** The folder of dataset {@code d} inside an experiment's scale folder. */
    static Path folder(Path scaleRoot, Spec.DataSpec d) {
        return scaleRoot.resolve("data").resolve(d.name() + "-" + Hashes.of(d));
    }

    /** The dataset, generated into its folder first if it is not there yet. */
    static Dataset load(Path scaleRoot, Spec.DataSpec d) {
        Task task = task(d);
        Path dir = folder(scaleRoot, d);
        if (Files.isRegularFile(dir.resolve(Dataset.TRAIN_FILE)) && Files.isRegularFile(dir.resolve(Dataset.TEST_FILE))) {
            return Dataset.read(task, dir);
        }
        Dataset made = generate(task, d);
        made.write(dir);
        return made;
    }

    /** Draws the split and then the strata, all from the spec's seed. */
    static Dataset generate(Task task, Spec.DataSpec d) {
        SplittableRandom rng = new SplittableRandom(d.seed());
        Dataset base = Dataset.generate(task, d.train(), d.test(), rng);
        if (d.strata().isEmpty()) {
            return base;
        }
        Set<String> seen = new HashSet<>();
        base.train().forEach(p -> seen.add(p.fingerprint()));
        base.test().forEach(p -> seen.add(p.fingerprint()));
        List<Puzzle> test = new ArrayList<>(base.test());
        for (Spec.Stratum s : d.strata()) {
            Task harder = harder(task, s.minBacktracks());
            int kept = 0;
            long tries = 0;
            while (kept < s.count()) {
                if (++tries > 1000L + 10L * s.count()) {
                    throw new BadInputException("dataset '" + d.name() + "': found only " + kept + " new puzzles with at"
                            + " least " + s.minBacktracks() + " backtracks; ask for fewer.");
                }
                Puzzle p = harder.generate(rng);
                if (seen.add(p.fingerprint())) {
                    test.add(p);
                    kept++;
                }
            }
        }
        return new Dataset(task, base.train(), test);
    }
}
