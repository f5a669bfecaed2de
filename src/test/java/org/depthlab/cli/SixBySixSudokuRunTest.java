package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first data point, run as it is printed there: the looped transformer on 6×6
 * Sudoku (1,000 minimal puzzles, 3,000 updates, 4 segments) solves at least 80% of the 200
 * held-out puzzles, and it gets there by refining — more puzzles are solved after the last
 * segment than after the first. The run is deterministic (same seed, same bits), so this is
 * not a flaky test; it is slow (about a quarter of an hour on 2 cores), so it is tagged
 * {@code slow} and runs with {@code mvn -B verify -Pslow}, not in the default suite.
 */
@Tag("slow")
class SixBySixSudokuRunTest {

    @Test
    void theLoopedTransformerSolvesFourFifthsOfHeldOutSixBySixSudokuByRefining(@TempDir Path dir)
            throws IOException {
        Path data = dir.resolve("s6");
        CliRun gen = CliRun.of("generate", "--task", "sudoku6", "--count", "1000", "--test-count", "200", "--seed",
                "1", "--out", data.toString());
        assertEquals(0, gen.code(), gen.err());

        Path run = dir.resolve("s6-looped");
        CliRun train = CliRun.of("train", "--model", "looped", "--layers", "2", "--loops", "2", "--segments", "4",
                "--lr", "3e-3", "--task", "sudoku6", "--train", data.resolve("train.txt").toString(), "--test",
                data.resolve("test.txt").toString(), "--hidden", "64", "--optimizer", "adamw", "--min-lr-ratio",
                "0.05", "--steps", "3000", "--eval-every", "5", "--out", run.toString());
        assertEquals(0, train.code(), train.err());

        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        JsonNode last = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals(3000, last.get("step").asInt());
        JsonNode test = last.get("test");
        assertEquals(200, test.get("puzzles").asInt());
        double exact = test.get("exact").asDouble();
        JsonNode bySegment = test.get("exactBySegment");
        String report = "held-out exact " + exact + ", by segment " + bySegment;
        assertTrue(exact >= 0.80, report);
        assertEquals(4, bySegment.size(), report);
        assertTrue(bySegment.get(3).asDouble() > bySegment.get(0).asDouble(), "refinement: " + report);
    }
}
