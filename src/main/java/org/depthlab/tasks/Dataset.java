package org.depthlab.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.depthlab.BadInputException;
import org.depthlab.io.AtomicFiles;
import org.depthlab.io.IoErrors;

/**
 * A seeded train/test split of one task in which no test puzzle is equivalent to a training
 * puzzle under the task's augmentations — otherwise training on augmented copies would
 * leak the test set. Puzzles are drawn from the task's generator in order; a candidate whose
 * {@link Puzzle#fingerprint() fingerprint} has been seen before (in either split) is skipped.
 * Equivalent puzzles share a fingerprint, so no augmentation of a training puzzle can be in
 * the test set, and no split holds two equivalent puzzles.
 *
 * <p>On disk a dataset is a directory with {@code train.txt} and {@code test.txt}, puzzles in
 * the task's text format (one per line; mazes separated by empty lines). Answers are not
 * stored: the reference answer is recomputed when a file is read.
 *
 * @param task the task the puzzles belong to
 * @param train the training puzzles
 * @param test the test puzzles
 */
public record Dataset(Task task, List<Puzzle> train, List<Puzzle> test) {

    /** The training puzzles' file inside a dataset directory. */
    public static final String TRAIN_FILE = "train.txt";
    /** The test puzzles' file inside a dataset directory. */
    public static final String TEST_FILE = "test.txt";

    public Dataset {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /** Draws a split from {@code rng}; see the class comment. */
    public static Dataset generate(Task task, int trainCount, int testCount, SplittableRandom rng) {
        return generate(task, trainCount, testCount, rng, done -> { });
    }

    /**
     * Draws a split, calling {@code progress} with the number of puzzles kept so far after
     * each one.
     *
     * @throws BadInputException if the generator keeps repeating equivalent puzzles (the task
     *     has too few distinct puzzles for the counts asked)
     */
    public static Dataset generate(Task task, int trainCount, int testCount, SplittableRandom rng,
            IntConsumer progress) {
        if (trainCount < 0 || testCount < 0) {
            throw new BadInputException("dataset sizes must be at least 0, not " + trainCount + " and " + testCount + ".");
        }
        Set<String> seen = new HashSet<>();
        List<Puzzle> train = new ArrayList<>();
        List<Puzzle> test = new ArrayList<>();
        int total = trainCount + testCount;
        long skipped = 0;
        long maxSkipped = 1000L + 10L * total;
        while (train.size() + test.size() < total) {
            Puzzle p = task.generate(rng);
            if (!seen.add(p.fingerprint())) {
                if (++skipped > maxSkipped) {
                    throw new BadInputException(task.name() + " gave only " + (train.size() + test.size())
                            + " puzzles that no augmentation relates, of " + total + " asked for; ask for fewer.");
                }
                continue;
            }
            (train.size() < trainCount ? train : test).add(p);
            progress.accept(train.size() + test.size());
        }
        return new Dataset(task, train, test);
    }

    /** Writes {@code train.txt} and {@code test.txt} into {@code dir}, each atomically. */
    public void write(Path dir) {
        AtomicFiles.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(TRAIN_FILE), format(task, train));
        AtomicFiles.writeString(dir.resolve(TEST_FILE), format(task, test));
    }

    /** Reads a dataset directory written by {@link #write}. */
    public static Dataset read(Task task, Path dir) {
        return new Dataset(task, readPuzzles(task, dir.resolve(TRAIN_FILE)), readPuzzles(task, dir.resolve(TEST_FILE)));
    }

    /** Puzzles in the task's text format, one per line or blocks separated by empty lines, ending in a newline. */
    public static String format(Task task, List<? extends Puzzle> puzzles) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < puzzles.size(); i++) {
            if (task.isMultiLine() && i > 0) {
                b.append('\n');
            }
            b.append(puzzles.get(i).format()).append('\n');
        }
        return b.toString();
    }

    /**
     * Reads a puzzle file of {@code task}.
     *
     * @throws BadInputException naming the file and line of the first malformed puzzle
     */
    public static List<Puzzle> readPuzzles(Task task, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw IoErrors.cannotRead(file, e);
        }
        List<Puzzle> out = new ArrayList<>();
        for (PuzzleText.Item item : task.isMultiLine() ? PuzzleText.blocks(lines) : PuzzleText.lines(lines)) {
            try {
                out.add(task.parse(item.text()));
            } catch (BadInputException e) {
                throw new BadInputException(file + " line " + item.line() + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
