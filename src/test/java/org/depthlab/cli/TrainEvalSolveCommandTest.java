package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → eval → solve --checkpoint from the command line, on a tiny model, and their errors. */
class TrainEvalSolveCommandTest {

    @Test
    void aTrainedCheckpointIsEvaluatedAndSolvesFromTheCommandLine(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("data");
        CliRun gen = CliRun.of("generate", "--task", "sudoku4", "--count", "20", "--test-count", "6", "--clues", "8",
                "--seed", "2", "--out", data.toString());
        assertEquals(0, gen.code(), gen.err());
        Path ckpt = dir.resolve("ckpt");
        CliRun train = CliRun.of("train", "--model", "hrm", "--task", "sudoku4", "--train",
                data.resolve("train.txt").toString(), "--test", data.resolve("test.txt").toString(), "--out",
                ckpt.toString(), "--hidden", "8", "--steps", "6", "--batch", "4", "--segments", "2");
        assertEquals(0, train.code(), train.out() + train.err());
        assertTrue(train.out().contains("hrm on sudoku4"), train.out());
        assertTrue(Files.exists(ckpt.resolve("model.safetensors")));
        assertTrue(Files.readString(ckpt.resolve("metrics.jsonl")).contains("\"loss\""));

        CliRun eval = CliRun.of("eval", "--checkpoint", ckpt.toString(), "--test", data.resolve("test.txt").toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("exact accuracy"), eval.out());
        assertTrue(eval.out().contains("puzzles/second"), eval.out());

        String puzzle = Files.readAllLines(data.resolve("test.txt")).get(0);
        CliRun solve = CliRun.of("solve", "--checkpoint", ckpt.toString(), "--puzzle", puzzle, "--task", "sudoku4");
        assertTrue(solve.out().contains("segment  1"), solve.out());
        assertTrue(solve.out().contains("segment  2"), solve.out());
        assertTrue(solve.out().contains("final answer:"), solve.out());

        CliRun more = CliRun.of("train", "--model", "hrm", "--task", "sudoku4", "--train",
                data.resolve("train.txt").toString(), "--out", ckpt.toString(), "--resume", "--steps", "8");
        assertEquals(0, more.code(), more.out() + more.err());
        assertTrue(more.out().contains("resuming hrm from update 6 of 8"), more.out());
    }

    @Test
    void solveTakesTheTaskFromTheCheckpointUnlessToldAnother(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("pointer.txt");
        CliRun gen = CliRun.of("generate", "--task", "pointer", "--count", "8", "--seed", "3", "--out",
                data.toString());
        assertEquals(0, gen.code(), gen.err());
        Path ckpt = dir.resolve("ckpt");
        CliRun train = CliRun.of("train", "--model", "looped", "--task", "pointer", "--train",
                data.toString(), "--out", ckpt.toString(), "--hidden", "8", "--steps", "2",
                "--batch", "4", "--segments", "2");
        assertEquals(0, train.code(), train.out() + train.err());
        String puzzle = Files.readAllLines(data).get(0);

        CliRun solve = CliRun.of("solve", "--checkpoint", ckpt.toString(), "--puzzle", puzzle);
        assertTrue(solve.out().contains("segment  2"), solve.out() + solve.err());
        assertTrue(solve.err().contains("solved"), solve.err());

        CliRun other = CliRun.of("solve", "--checkpoint", ckpt.toString(), "--puzzle", puzzle, "--task", "sudoku4");
        assertEquals(2, other.code());
        assertTrue(other.err().contains("trained on pointer"), other.err());
    }

    @Test
    void badCheckpointsAndOptionsAreOneLineAndExitTwo(@TempDir Path dir) throws IOException {
        CliRun missing = CliRun.of("eval", "--checkpoint", dir.resolve("nothing").toString(), "--test", "x.txt");
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("depthlab: "), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());

        Path fake = dir.resolve("fake");
        Files.createDirectories(fake);
        Files.writeString(fake.resolve("config.json"), "{ not json");
        Files.writeString(fake.resolve("model.safetensors"), "");
        CliRun corrupt = CliRun.of("eval", "--checkpoint", fake.toString(), "--test", "x.txt");
        assertEquals(2, corrupt.code());
        assertTrue(corrupt.err().contains("config.json"), corrupt.err());

        Path data = dir.resolve("p.txt");
        Files.writeString(data, "1234341221434321\n");
        CliRun badModel = CliRun.of("train", "--model", "gpt", "--task", "sudoku4", "--train", data.toString(),
                "--out", dir.resolve("o").toString());
        assertEquals(2, badModel.code());
        assertTrue(badModel.err().contains("--model must be"), badModel.err());
    }
}
