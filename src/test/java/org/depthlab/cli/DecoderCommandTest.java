package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder from the command line: train --model decoder, eval --strategy (several at
 * once), solve --strategy with its commits and retractions, the tour part, and every error
 * a user can make with --strategy (one line, exit 2).
 */
class DecoderCommandTest {

    @TempDir
    static Path dir;
    private static Path data;
    private static Path decoder;
    private static Path hrm;

    @BeforeAll
    static void trainTinyCheckpoints() {
        data = dir.resolve("data");
        CliRun gen = CliRun.of("generate", "--task", "sudoku4", "--count", "20", "--test-count", "8", "--clues", "6",
                "--seed", "2", "--out", data.toString());
        assertEquals(0, gen.code(), gen.err());
        decoder = dir.resolve("decoder");
        CliRun train = CliRun.of("train", "--model", "decoder", "--task", "sudoku4", "--train",
                data.resolve("train.txt").toString(), "--test", data.resolve("test.txt").toString(), "--out",
                decoder.toString(), "--hidden", "8", "--steps", "6", "--batch", "4");
        assertEquals(0, train.code(), train.out() + train.err());
        assertTrue(train.out().contains("decoder on sudoku4"), train.out());
        assertTrue(train.out().contains("32 layer applications per segment"), "2 layers x 16 tokens: " + train.out());
        hrm = dir.resolve("hrm");
        CliRun trainHrm = CliRun.of("train", "--model", "hrm", "--task", "sudoku4", "--train",
                data.resolve("train.txt").toString(), "--out", hrm.toString(), "--hidden", "8", "--steps", "2",
                "--batch", "4");
        assertEquals(0, trainHrm.code(), trainHrm.err());
    }

    private static String puzzle() throws IOException {
        return Files.readAllLines(data.resolve("test.txt")).get(0);
    }

    @Test
    void evalScoresEveryStrategyAskedFor() {
        CliRun eval = CliRun.of("eval", "--checkpoint", decoder.toString(), "--test", data.resolve("test.txt").toString(),
                "--strategy", "greedy,sample,beam,constrained,backtrack", "--beam-width", "2");
        assertEquals(0, eval.code(), eval.err());
        for (String name : new String[] {"greedy", "sample (T 1.0", "beam (width 2)", "constrained"}) {
            assertTrue(eval.out().contains(name), name + " in\n" + eval.out());
        }
        assertTrue(eval.out().lines().anyMatch(l -> l.matches("\\s*backtrack \\(budget 100000\\)\\s+100\\.00%.*")),
                "backtracking solves every puzzle:\n" + eval.out());
        CliRun plain = CliRun.of("eval", "--checkpoint", decoder.toString(), "--test", data.resolve("test.txt").toString());
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.out().contains("exact accuracy"), plain.out());
    }

    @Test
    void solveShowsCommitsAndRetractionsAndTheAnswer() throws IOException {
        CliRun solve = CliRun.of("solve", "--checkpoint", decoder.toString(), "--task", "sudoku4", "--strategy",
                "backtrack", "--puzzle", puzzle());
        assertEquals(0, solve.code(), solve.err());
        assertTrue(solve.out().contains("commit   r"), solve.out());
        assertTrue(solve.out().lines().anyMatch(l -> l.startsWith("valid; ")), solve.out());
        assertTrue(solve.err().contains("decoder checkpoint, backtrack (budget 100000): solved 1 of 1"), solve.err());

        CliRun greedy = CliRun.of("solve", "--checkpoint", decoder.toString(), "--task", "sudoku4", "--puzzle", puzzle());
        boolean solved = greedy.out().lines().anyMatch(l -> l.startsWith("valid"));
        assertEquals(solved ? 0 : SolveCommand.UNSOLVED, greedy.code(), greedy.err());
        // Greedy chooses the open cells, one line each, and writes the givens as given, without a line.
        String p = puzzle();
        long open = p.chars().filter(c -> c == '.' || c == '0').count();
        assertEquals(open, greedy.out().lines().filter(l -> l.contains("commit   r")).count(), greedy.out());
        assertFalse(greedy.out().contains("retract  r"), greedy.out());
        String answer = greedy.out().lines().filter(l -> l.startsWith("answer ")).findFirst().orElseThrow().substring(7);
        for (int i = 0; i < p.length(); i++) {
            if (p.charAt(i) != '.' && p.charAt(i) != '0') {
                assertEquals(p.charAt(i), answer.charAt(i), "the given at " + i + " is kept: " + answer);
            }
        }

        // Some test puzzle makes the search take a digit back (eval reports about one per puzzle).
        CliRun all = CliRun.of("solve", "--checkpoint", decoder.toString(), "--task", "sudoku4", "--strategy",
                "backtrack", "--file", data.resolve("test.txt").toString());
        assertEquals(0, all.code(), all.err());
        assertTrue(all.out().contains("retract  r"), all.out());
        assertTrue(all.err().contains("solved 8 of 8"), all.err());
    }

    @Test
    void strategyMistakesAreOneLineAndExitTwo() throws IOException {
        CliRun noCheckpoint = CliRun.of("solve", "--strategy", "greedy", "--puzzle", puzzle());
        assertEquals(2, noCheckpoint.code());
        assertTrue(noCheckpoint.err().contains("--strategy needs --checkpoint with a trained decoder"), noCheckpoint.err());

        CliRun notADecoder = CliRun.of("solve", "--checkpoint", hrm.toString(), "--strategy", "beam", "--puzzle", puzzle());
        assertEquals(2, notADecoder.code());
        assertEquals(1, notADecoder.err().strip().lines().count(), notADecoder.err());

        CliRun evalNotADecoder = CliRun.of("eval", "--checkpoint", hrm.toString(), "--test",
                data.resolve("test.txt").toString(), "--strategy", "greedy");
        assertEquals(2, evalNotADecoder.code());
        assertTrue(evalNotADecoder.err().contains("needs a decoder checkpoint"), evalNotADecoder.err());

        CliRun unknown = CliRun.of("eval", "--checkpoint", decoder.toString(), "--test",
                data.resolve("test.txt").toString(), "--strategy", "greedy,telepathy");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--strategy must be greedy, sample, beam, constrained or backtrack, not"
                + " 'telepathy'"), unknown.err());

        CliRun badWidth = CliRun.of("solve", "--checkpoint", decoder.toString(), "--strategy", "beam", "--beam-width", "0",
                "--puzzle", puzzle());
        assertEquals(2, badWidth.code());
        assertTrue(badWidth.err().contains("beam width must be at least 1"), badWidth.err());

        CliRun twoInSolve = CliRun.of("solve", "--checkpoint", decoder.toString(), "--strategy", "greedy,beam",
                "--puzzle", puzzle());
        assertEquals(2, twoInSolve.code());
    }

    @Test
    void theTourPartShowsADeadEndThatBacktrackingLeaves() {
        StringWriter out = new StringWriter();
        PrintWriter writer = new PrintWriter(out, true);
        boolean shown = new TourRetraction().run(new TourPart.Context(writer, writer, 1, 200));
        assertTrue(shown, out.toString());
        assertTrue(out.toString().contains("dead end at r"), out.toString());
        assertTrue(out.toString().contains("retract r"), out.toString());
    }
}
