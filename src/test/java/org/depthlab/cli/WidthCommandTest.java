package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.train.Checkpoint;
import org.depthlab.train.Width;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Width from the command line (chapter 14): train --model gram, eval --samples N --aggregate,
 * naive noise on a trained TRM with --noise, solve --samples N with the distinct answers and
 * their votes — and the mistakes, each one sentence and exit 2.
 */
class WidthCommandTest {

    @TempDir
    static Path dir;
    private static Path data;
    private static Path gram;
    private static Path trm;

    @BeforeAll
    static void trainTinyModels() {
        data = dir.resolve("data");
        assertEquals(0, CliRun.of("generate", "--task", "sudoku4", "--count", "16", "--test-count", "5", "--clues", "8",
                "--seed", "4", "--out", data.toString()).code());
        gram = dir.resolve("gram");
        CliRun g = CliRun.of("train", "--model", "gram", "--task", "sudoku4", "--train", data.resolve("train.txt").toString(),
                "--out", gram.toString(), "--hidden", "8", "--steps", "3", "--batch", "4", "--segments", "2", "--noise",
                "1.0", "--beta", "0.2", "--latent-width", "4");
        assertEquals(0, g.code(), g.out() + g.err());
        assertTrue(g.out().startsWith("gram on sudoku4"), g.out());
        trm = dir.resolve("trm");
        CliRun t = CliRun.of("train", "--model", "trm", "--task", "sudoku4", "--train", data.resolve("train.txt").toString(),
                "--out", trm.toString(), "--hidden", "8", "--steps", "2", "--batch", "4", "--segments", "2");
        assertEquals(0, t.code(), t.out() + t.err());
    }

    private static String test() {
        return data.resolve("test.txt").toString();
    }

    @Test
    void evalReportsTheChosenAggregatePassAtNAndDistinctSolutionsAtEveryDoubling() throws Exception {
        CliRun r = CliRun.of("eval", "--checkpoint", gram.toString(), "--test", test(), "--samples", "6", "--aggregate",
                "vote");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("gram on 5 sudoku4 puzzles: 6 samples of 2 segments each (seed 1), run side by side", lines.get(0));
        assertTrue(lines.get(1).matches("  samples N +1 +2 +4 +6"), lines.get(1));
        assertTrue(lines.get(2).startsWith("  exact, majority vote"), lines.get(2));
        assertTrue(lines.get(3).startsWith("  pass@N (any sample right)"), lines.get(3));
        assertTrue(lines.get(4).startsWith("  distinct solutions per puzzle"), lines.get(4));
        assertTrue(lines.get(5).matches("  sequential depth \\d+ layer applications \\(2 segments x \\d+\\) at every N;"
                + " N x .* FLOPs a puzzle for N samples"), lines.get(5));
        // The numbers are Width's, on the same samples.
        Checkpoint.Loaded loaded = Checkpoint.load(gram);
        List<Puzzle> puzzles = Dataset.readPuzzles(Task.named("sudoku4"), Path.of(test()));
        Width.Curve c = Width.curve(Width.sample(loaded.model(), puzzles, 6, 2, 1, 64), new int[] {1, 2, 4, 6});
        assertTrue(lines.get(3).endsWith(String.format(java.util.Locale.ROOT, "%6.2f%%", 100 * c.pass()[3])), lines.get(3));

        CliRun oracle = CliRun.of("eval", "--checkpoint", gram.toString(), "--test", test(), "--samples", "2",
                "--aggregate", "oracle");
        assertTrue(oracle.out().contains("exact, oracle (pass@N, an upper bound)"), oracle.out());
        assertFalse(oracle.out().contains("pass@N (any sample right)"), "the oracle's line is pass@N: " + oracle.out());
    }

    @Test
    void aTrainedTrmDrawsNoNoiseUnlessNaiveNoiseIsAdded() {
        CliRun plain = CliRun.of("eval", "--checkpoint", trm.toString(), "--test", test(), "--samples", "3");
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.out().contains("this model draws no noise: every sample is the same answer"), plain.out());
        CliRun noisy = CliRun.of("eval", "--checkpoint", trm.toString(), "--test", test(), "--samples", "3", "--noise",
                "0.5", "--aggregate", "confidence");
        assertEquals(0, noisy.code(), noisy.err());
        assertTrue(noisy.out().startsWith("trm with naive noise 0.5 on 5 sudoku4 puzzles"), noisy.out());
        assertTrue(noisy.out().contains("exact, most confident sample"), noisy.out());
        assertFalse(noisy.out().contains("draws no noise"), noisy.out());
    }

    @Test
    void solveListsTheDistinctAnswersWithTheirVotes() throws Exception {
        String puzzle = Files.readAllLines(data.resolve("test.txt")).get(0);
        CliRun r = CliRun.of("solve", "--checkpoint", gram.toString(), "--samples", "5", "--puzzle", puzzle);
        assertTrue(r.code() == 0 || r.code() == 1, r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("5 samples of 2 segments, \\d+ distinct answers?"), lines.get(0));
        int votes = 0;
        for (String line : lines.subList(1, lines.size() - 1)) {
            assertTrue(line.matches(" +\\d+ votes? +[0-9.]{16}  (valid|NOT valid), q_halt -?\\d+\\.\\d\\d"), line);
            votes += Integer.parseInt(line.strip().split(" ")[0]);
        }
        assertEquals(5, votes, "every sample votes once: " + r.out());
        assertTrue(lines.get(lines.size() - 1).startsWith("voted answer: "), r.out());
        assertTrue(r.err().contains("gram checkpoint, 5 samples voting: solved"), r.err());
    }

    @Test
    void mistakesAreOneSentenceAndExitTwo() {
        for (String[] args : List.of(
                new String[] {"eval", "--checkpoint", gram.toString(), "--test", test(), "--samples", "2", "--aggregate",
                    "best"},
                new String[] {"eval", "--checkpoint", gram.toString(), "--test", test(), "--noise", "0.3"},
                new String[] {"eval", "--checkpoint", gram.toString(), "--test", test(), "--samples", "2", "--noise",
                    "0.3"},
                new String[] {"eval", "--checkpoint", trm.toString(), "--test", test(), "--samples", "0"},
                new String[] {"solve", "--samples", "3", "--puzzle", "1..."},
                new String[] {"train", "--model", "gram", "--latent", "sometimes", "--task", "sudoku4", "--train",
                    data.resolve("train.txt").toString(), "--out", dir.resolve("x").toString()})) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception") || r.err().contains("org.depthlab"), r.err());
        }
    }
}
