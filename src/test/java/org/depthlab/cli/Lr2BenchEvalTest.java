package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** eval prints LR²Bench's four metrics on the constraint tasks, for decoders' strategies and refinement models. */
class Lr2BenchEvalTest {

    @TempDir
    static Path dir;
    private static Path data;

    @BeforeAll
    static void dataOfTheNewTasks() {
        data = dir.resolve("logic4");
        CliRun gen = CliRun.of("generate", "--task", "logic4", "--count", "12", "--test-count", "6", "--seed", "2",
                "--out", data.toString());
        assertEquals(0, gen.code(), gen.err());
    }

    private static Path train(String model) {
        Path out = dir.resolve(model);
        CliRun train = CliRun.of("train", "--model", model, "--task", "logic4", "--train",
                data.resolve("train.txt").toString(), "--out", out.toString(), "--hidden", "8", "--steps", "3",
                "--batch", "4");
        assertEquals(0, train.code(), train.out() + train.err());
        return out;
    }

    @Test
    void everyStrategyGetsItsFourMetricsAndBacktrackingIsPerfect() {
        CliRun eval = CliRun.of("eval", "--checkpoint", train("decoder").toString(), "--test",
                data.resolve("test.txt").toString(), "--strategy", "greedy,constrained,backtrack");
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("LR²Bench metrics, one subtask = a house with its values"), eval.out());
        assertTrue(eval.out().lines().anyMatch(l -> l.matches(
                "\\s*backtrack \\(budget 100000\\)\\s+100\\.00%\\s+100\\.00%\\s+100\\.00%\\s+100\\.00%")), eval.out());
        assertTrue(eval.out().lines().anyMatch(l -> l.matches("\\s*constrained\\s+[0-9.]+%\\s+[0-9.]+%.*")), eval.out());
    }

    @Test
    void aRefinementModelGetsThemToo() {
        CliRun eval = CliRun.of("eval", "--checkpoint", train("looped").toString(), "--test",
                data.resolve("test.txt").toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().contains("LR²Bench metrics") && eval.out().contains("looped, 8 segments"), eval.out());
    }
}
